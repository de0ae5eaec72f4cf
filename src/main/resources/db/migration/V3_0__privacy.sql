-- Privacy: the data-class registry's own tables, the rights of the people in the data,
-- first-party usage counts, billing records, and the cluster-wide task table of db-scheduler
-- (the retention sweep and export jobs run through it, one node per execution).

-- db-scheduler's table (its documented PostgreSQL schema). Holds task names, times and, for
-- one-time tasks, the id of the job to run; never personal data.
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);

-- First-party usage counts: page views and feature use per organization and day. No user id,
-- no address, no cookie: a count per (org, day, kind, name). Kept 90 days (RET-3, DSR-4).
create table privacy_usage_event (
    org_id  uuid not null references identity_organization (id) on delete cascade,
    day     date not null,
    kind    text not null check (kind in ('page_view', 'feature')),
    name    text not null check (length(name) between 1 and 200),
    count   bigint not null default 0 check (count >= 0),
    primary key (org_id, day, kind, name)
);
create index privacy_usage_event_day on privacy_usage_event (day);

-- Billing records of an organization's plan. Kept 7 years (RET-3), then swept; they go with
-- the organization when it is erased (DSR-5).
create table privacy_billing_record (
    id            uuid primary key,
    org_id        uuid not null references identity_organization (id) on delete cascade,
    period_start  date not null,
    period_end    date not null,
    plan          text not null check (length(plan) between 1 and 80),
    amount_cents  bigint not null check (amount_cents >= 0),
    currency      text not null check (currency ~ '^[A-Z]{3}$'),
    created_at    timestamptz not null default now(),
    check (period_end >= period_start)
);
create index privacy_billing_record_org on privacy_billing_record (org_id, period_start);
create index privacy_billing_record_created on privacy_billing_record (created_at);

-- Restriction of and objection to processing, and the analytics opt-out, per person (DSR-3, DSR-4).
create table privacy_processing_restriction (
    org_id              uuid not null references identity_organization (id) on delete cascade,
    user_id             uuid not null references identity_user (id) on delete cascade,
    restricted          boolean not null default false,
    restricted_at       timestamptz,
    objected            boolean not null default false,
    objected_at         timestamptz,
    analytics_opt_out   boolean not null default false,
    analytics_opt_out_at timestamptz,
    updated_at          timestamptz not null default now(),
    primary key (org_id, user_id)
);
create unique index privacy_processing_restriction_user on privacy_processing_restriction (user_id);

-- An admin's explicit consent to an opt-in processing: the exact text and its SHA-256, who and
-- when, and when it was withdrawn. Who is cleared when that person's account is deleted; the
-- audit log keeps the fact pseudonymously.
create table privacy_consent (
    id            uuid primary key,
    org_id        uuid not null references identity_organization (id) on delete cascade,
    processing    text not null check (processing ~ '^[a-z0-9][a-z0-9.-]{0,63}$'),
    text          text not null check (length(text) between 1 and 10000),
    text_sha256   bytea not null check (length(text_sha256) = 32),
    attested_by   uuid references identity_user (id) on delete set null,
    attested_at   timestamptz not null,
    withdrawn_by  uuid references identity_user (id) on delete set null,
    withdrawn_at  timestamptz
);
create unique index privacy_consent_active on privacy_consent (org_id, processing) where withdrawn_at is null;
create index privacy_consent_attested_by on privacy_consent (attested_by);
create index privacy_consent_withdrawn_by on privacy_consent (withdrawn_by);

-- Data exports (DSR-1): one row per requested export, its progress, and the finished file.
-- The file is kept one day after it is finished, then swept.
create table privacy_export_job (
    id                    uuid primary key,
    org_id                uuid not null references identity_organization (id) on delete cascade,
    user_id               uuid not null references identity_user (id) on delete cascade,
    include_organization  boolean not null,
    status                text not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    progress              int not null default 0,
    total                 int not null default 0,
    created_at            timestamptz not null,
    finished_at           timestamptz,
    file                  bytea,
    error                 text
);
create index privacy_export_job_user on privacy_export_job (org_id, user_id, created_at desc);
create index privacy_export_job_finished on privacy_export_job (finished_at);

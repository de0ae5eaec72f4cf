-- Pilots: workflow automations, their runs and the record of each step of a run.
create table pilots_pilot (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    owner_id        uuid not null references identity_user (id) on delete cascade,
    title           text not null check (length(title) between 1 and 120),
    description     text not null default '' check (length(description) <= 2000),
    enabled         boolean not null default true,
    trigger_kind    text not null check (trigger_kind in ('WEBHOOK', 'SCHEDULE', 'MANUAL')),
    cron            text,
    time_zone       text,
    next_run_at     timestamptz,
    -- random, not secret on its own: the delivery secret is an HMAC of it under the server's key
    secret_nonce    bytea not null,
    steps           jsonb not null default '[]'::jsonb,
    sample_payload  jsonb,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index pilots_pilot_org on pilots_pilot (org_id, created_at);
create index pilots_pilot_schedule on pilots_pilot (next_run_at) where trigger_kind = 'SCHEDULE' and enabled;

create table pilots_run (
    id           uuid primary key,
    org_id       uuid not null references identity_organization (id) on delete cascade,
    pilot_id     uuid not null references pilots_pilot (id) on delete cascade,
    status       text not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'STOPPED')),
    trigger      text not null check (trigger in ('WEBHOOK', 'SCHEDULE', 'MANUAL', 'RERUN')),
    payload      jsonb not null,
    error        text,
    created_at   timestamptz not null default clock_timestamp(),
    started_at   timestamptz,
    finished_at  timestamptz
);
create index pilots_run_pilot on pilots_run (pilot_id, created_at desc);
create index pilots_run_org on pilots_run (org_id, created_at desc);

create table pilots_step_run (
    run_id       uuid not null references pilots_run (id) on delete cascade,
    org_id       uuid not null references identity_organization (id) on delete cascade,
    position     integer not null,
    name         text not null,
    kind         text not null,
    status       text not null check (status in ('SUCCEEDED', 'FAILED', 'SKIPPED', 'STOPPED')),
    input        jsonb,
    output       jsonb,
    error        text,
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    primary key (run_id, position)
);

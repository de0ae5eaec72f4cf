-- The durable job queue. Claimed with FOR UPDATE SKIP LOCKED under a lease (locked_until);
-- finished jobs (which may hold trigger payloads) are purged 7 days after finished_at.
create table jobs_job (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    subject_id      uuid references identity_user (id) on delete cascade,
    queue           text not null,
    payload         jsonb not null,
    status          text not null default 'QUEUED' check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'DEAD')),
    attempts        integer not null default 0,
    max_attempts    integer not null check (max_attempts >= 1),
    run_at          timestamptz not null,
    locked_by       text,
    locked_until    timestamptz,
    last_error      text,
    dedupe_key      text,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);
create index jobs_job_ready on jobs_job (queue, run_at) where status in ('QUEUED', 'RUNNING');
create index jobs_job_finished on jobs_job (finished_at) where finished_at is not null;
create index jobs_job_org on jobs_job (org_id, status);
create unique index jobs_job_dedupe on jobs_job (queue, dedupe_key) where dedupe_key is not null;

-- Perf cases, the agent half (PRF-5, PRF-6, PRF-7, PRF-13): the organization's GitHub App installations, and the
-- agent sessions that bisect a case's regression in a sandbox and open a draft pull request. The App's private key
-- and the webhook secret are in the vault; only references are here.
create table perfcases_code_host (
    id                  uuid primary key,
    org_id              uuid not null references identity_organization (id) on delete cascade,
    label               text not null check (length(label) between 1 and 120),
    api_base            text not null check (length(api_base) between 1 and 500),
    git_base            text not null check (length(git_base) between 1 and 500),
    app_id              text not null check (app_id ~ '^[0-9]{1,20}$'),
    installation_id     bigint not null check (installation_id > 0),
    account             text not null check (account ~ '^[A-Za-z0-9-]{1,100}$'),
    app_key_id          uuid not null,
    webhook_secret_id   uuid not null,
    status              text not null check (status in ('ACTIVE', 'REMOVED')),
    ended_reason        text check (length(ended_reason) <= 500),
    created_by          uuid references identity_user (id) on delete set null,
    created_at          timestamptz not null,
    ended_at            timestamptz,
    check ((status = 'REMOVED') = (ended_at is not null))
);
create index perfcases_code_host_org on perfcases_code_host (org_id, created_at);

-- One agent session per start: what it works on, where it is, and what it found. result holds the statistics of
-- every comparison it made (samples are the benchmark's own figures, never telemetry).
create table perfcases_agent_session (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    case_id         uuid not null references perfcases_case (id) on delete cascade,
    code_host_id    uuid not null references perfcases_code_host (id) on delete cascade,
    repo_owner      text not null check (repo_owner ~ '^[A-Za-z0-9-]{1,100}$'),
    repo_name       text not null check (repo_name ~ '^[A-Za-z0-9._-]{1,100}$'),
    good_ref        text not null check (length(good_ref) between 1 and 200),
    bad_ref         text not null check (length(bad_ref) between 1 and 200),
    settings        jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
    status          text not null check (status in ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED')),
    outcome         text check (outcome in ('PULL_REQUEST', 'NO_CHANGE', 'CULPRIT_ONLY')),
    step            text check (length(step) <= 200),
    culprit         text check (culprit ~ '^[0-9a-f]{40}$'),
    result          jsonb not null default '{}'::jsonb check (jsonb_typeof(result) = 'object'),
    pull_number     integer,
    pull_url        text check (length(pull_url) <= 500),
    error           text check (length(error) <= 2000),
    started_by      uuid references identity_user (id) on delete set null,
    created_at      timestamptz not null,
    started_at      timestamptz,
    ended_at        timestamptz
);
create index perfcases_agent_session_case on perfcases_agent_session (org_id, case_id, created_at desc);

-- The session's log: what Charter did and what the commands in the sandbox printed (the repository's build, test
-- and benchmark output), cut per line and per session.
create table perfcases_agent_log (
    session_id  uuid not null references perfcases_agent_session (id) on delete cascade,
    seq         integer not null,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    at          timestamptz not null,
    line        text not null check (length(line) <= 4100),
    primary key (session_id, seq)
);

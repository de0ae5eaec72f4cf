-- Perf cases: log sources, read through aggregate queries only (PRF-3), the per-organization strict mode that grants
-- no log access at all, and the aggregates read from them for a case. Nothing here holds a log line or a raw column.

-- A log source: a customer's PostgreSQL (kind SQL, address postgresql://host:port/database, a role that may SELECT
-- the granted views and nothing else) or a Loki (kind LOKI, LogQL metric queries only). grant_spec names what the
-- grant lets Charter read: SQL {"views": [{"name", "groupBy": [...], "measures": [...]}]}, LOKI {"groupBy": [...]}.
create table perfcases_log_source (
    id                  uuid primary key,
    org_id              uuid not null references identity_organization (id) on delete cascade,
    kind                text not null check (kind in ('SQL', 'LOKI')),
    label               text not null check (length(label) between 1 and 120),
    address             text not null check (length(address) between 1 and 500),
    auth_scheme         text not null check (auth_scheme in ('NONE', 'BASIC', 'BEARER')),
    credential_id       uuid,
    credential_purpose  text,
    grant_spec          jsonb not null check (jsonb_typeof(grant_spec) = 'object'),
    status              text not null check (status in ('ACTIVE', 'REVOKED')),
    created_by          uuid references identity_user (id) on delete set null,
    created_at          timestamptz not null,
    revoked_at          timestamptz,
    check ((auth_scheme = 'NONE') = (credential_id is null) or status = 'REVOKED')
);
create index perfcases_log_source_org on perfcases_log_source (org_id, created_at);

-- Strict mode: while on, no log source can be connected or queried. No row: off.
create table perfcases_log_settings (
    org_id      uuid primary key references identity_organization (id) on delete cascade,
    strict      boolean not null,
    updated_by  uuid references identity_user (id) on delete set null,
    updated_at  timestamptz not null
);

-- An aggregate read for a case: the query as it was sent and its result, groups of allowed column or label values
-- with numbers (counts, percentiles, bucket counts). Never a line.
create table perfcases_log_aggregate (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    case_id     uuid not null references perfcases_case (id) on delete cascade,
    source_id   uuid not null references perfcases_log_source (id) on delete cascade,
    language    text not null check (language in ('SQL', 'LogQL')),
    query       text not null check (length(query) between 1 and 1000),
    result      jsonb not null check (jsonb_typeof(result) = 'array'),
    read_by     uuid references identity_user (id) on delete set null,
    read_at     timestamptz not null
);
create index perfcases_log_aggregate_case on perfcases_log_aggregate (org_id, case_id, read_at);

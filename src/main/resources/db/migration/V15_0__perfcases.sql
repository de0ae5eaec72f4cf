-- Perf cases: telemetry connections (each one its own grant), the aggregates read through them per service
-- version, and the cases opened when a version is slower than the one before (PRF-1, PRF-8, PRF-9).
-- Nothing here holds a raw sample, event, span or log line.
create table perfcases_connection (
    id                  uuid primary key,
    org_id              uuid not null references identity_organization (id) on delete cascade,
    kind                text not null check (kind in ('PROMETHEUS')),
    label               text not null check (length(label) between 1 and 120),
    base_url            text not null check (length(base_url) between 1 and 500),
    auth_scheme         text not null check (auth_scheme in ('NONE', 'BASIC', 'BEARER')),
    credential_id       uuid,
    credential_purpose  text,
    -- what the grant lets Charter read: the metric names, the label that names a service and how a version is found
    service_label       text not null check (service_label ~ '^[a-zA-Z_][a-zA-Z0-9_]{0,99}$'),
    version_label       text not null check (version_label ~ '^[a-zA-Z_][a-zA-Z0-9_]{0,99}$'),
    version_source      text not null check (version_source in ('LABEL', 'TARGET_INFO')),
    latency_metric      text not null check (latency_metric ~ '^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$'),
    status_label        text not null check (status_label ~ '^[a-zA-Z_][a-zA-Z0-9_]{0,99}$'),
    cpu_metric          text check (cpu_metric ~ '^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$'),
    -- how regressions are told from noise on this connection (docs/perfcases.md); last_pass_at starts at the
    -- creation, so the first scheduled pass comes one check interval later
    lookback_seconds    integer not null check (lookback_seconds between 60 and 604800),
    step_seconds        integer not null check (step_seconds between 1 and 3600),
    min_samples         integer not null check (min_samples between 3 and 10000),
    min_effect          double precision not null check (min_effect > 0 and min_effect < 10),
    alpha               double precision not null check (alpha > 0 and alpha < 0.5),
    check_every_seconds integer not null check (check_every_seconds between 1 and 86400),
    last_pass_at        timestamptz,
    status              text not null check (status in ('ACTIVE', 'REVOKED')),
    created_by          uuid references identity_user (id) on delete set null,
    created_at          timestamptz not null,
    revoked_at          timestamptz,
    check ((auth_scheme = 'NONE') = (credential_id is null) or status = 'REVOKED')
);
create index perfcases_connection_org on perfcases_connection (org_id, created_at);

-- One row per service version seen through a connection, with the aggregates of its window (percentiles, rates,
-- counts per metric) as jsonb; replaced on each detection pass.
create table perfcases_version (
    org_id          uuid not null references identity_organization (id) on delete cascade,
    connection_id   uuid not null references perfcases_connection (id) on delete cascade,
    service         text not null check (length(service) between 1 and 200),
    version         text not null check (length(version) between 1 and 200),
    first_seen_at   timestamptz not null,
    last_seen_at    timestamptz not null,
    summary         jsonb not null default '{}'::jsonb check (jsonb_typeof(summary) = 'object'),
    primary key (org_id, connection_id, service, version)
);

create table perfcases_case (
    id                  uuid primary key,
    org_id              uuid not null references identity_organization (id) on delete cascade,
    connection_id       uuid not null references perfcases_connection (id) on delete cascade,
    service             text not null check (length(service) between 1 and 200),
    metric              text not null check (metric in ('LATENCY_P95', 'LATENCY_MEAN', 'ERROR_RATE', 'THROUGHPUT', 'CPU')),
    baseline_version    text not null check (length(baseline_version) between 1 and 200),
    candidate_version   text not null check (length(candidate_version) between 1 and 200),
    origin              text not null check (origin in ('DETECTED', 'MANUAL')),
    status              text not null check (status in ('OPEN', 'CLOSED')),
    title               text not null check (length(title) between 1 and 200),
    -- the statistics and both versions' aggregated series (never a raw sample)
    evidence            jsonb not null default '{}'::jsonb check (jsonb_typeof(evidence) = 'object'),
    opened_by           uuid references identity_user (id) on delete set null,
    opened_at           timestamptz not null,
    closed_at           timestamptz
);
create unique index perfcases_case_once on perfcases_case (org_id, connection_id, service, metric, baseline_version, candidate_version)
    where origin = 'DETECTED';
create index perfcases_case_org on perfcases_case (org_id, opened_at desc);

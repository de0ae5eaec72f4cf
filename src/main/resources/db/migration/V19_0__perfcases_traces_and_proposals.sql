-- Perf cases: trace sources (Tempo, Jaeger), the span aggregates read from them, and access proposals (PRF-2, PRF-10).
-- Nothing here holds a span, a trace id or an attribute value other than those of keys approved for a case.

-- The kind of a connection is checked by the TelemetryKind enum before a row is written; the constraint only holds
-- the shape of a name, so that each new kind of source does not rewrite one shared constraint (as V11_1 did for
-- connectors).
alter table perfcases_connection drop constraint if exists perfcases_connection_kind_check;
alter table perfcases_connection add constraint perfcases_connection_kind_check check (kind ~ '^[A-Z][A-Z0-9_]{1,39}$');

-- Access beyond a grant, proposed on a case with a justification; it applies only once an admin approved it and
-- stops when it is withdrawn. scope names what kind of access (TRACE_ATTRIBUTE: one attribute key of the spans of
-- the connection; METRIC: one more metric name), subject the key or name.
create table perfcases_access_proposal (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    case_id         uuid not null references perfcases_case (id) on delete cascade,
    connection_id   uuid not null references perfcases_connection (id) on delete cascade,
    scope           text not null check (scope ~ '^[A-Z][A-Z0-9_]{1,39}$'),
    subject         text not null check (length(subject) between 1 and 200),
    justification   text not null check (length(justification) between 1 and 1000),
    status          text not null check (status in ('PROPOSED', 'APPROVED', 'DENIED', 'WITHDRAWN')),
    -- null: proposed by Charter itself
    proposed_by     uuid references identity_user (id) on delete set null,
    proposed_at     timestamptz not null,
    decided_by      uuid references identity_user (id) on delete set null,
    decided_at      timestamptz,
    withdrawn_by    uuid references identity_user (id) on delete set null,
    withdrawn_at    timestamptz
);
-- one live proposal per access on a case: proposing the same again while one is pending or approved is refused
create unique index perfcases_access_proposal_live on perfcases_access_proposal (org_id, case_id, connection_id, scope, subject)
    where status in ('PROPOSED', 'APPROVED');
create index perfcases_access_proposal_case on perfcases_access_proposal (org_id, case_id, proposed_at);

-- Span aggregates of one read of a trace source for a case: per service version, span name and the values of the
-- attribute keys approved for the case (empty without any), the count, errors and duration percentiles. Replaced on
-- each read.
create table perfcases_span_aggregate (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    case_id         uuid not null references perfcases_case (id) on delete cascade,
    connection_id   uuid not null references perfcases_connection (id) on delete cascade,
    service         text not null check (length(service) between 1 and 200),
    version         text not null check (length(version) between 1 and 200),
    span_name       text not null check (length(span_name) between 1 and 200),
    attributes      jsonb not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
    span_count      bigint not null check (span_count >= 0),
    error_count     bigint not null check (error_count >= 0),
    p50_seconds     double precision,
    p95_seconds     double precision,
    p99_seconds     double precision,
    window_start    timestamptz not null,
    window_end      timestamptz not null,
    read_at         timestamptz not null
);
create index perfcases_span_aggregate_case on perfcases_span_aggregate (org_id, case_id, connection_id);

-- Reviews, customer calls: the organization's consent attestation and rules, each call received (analysed or
-- skipped, with the reason), and the call signals derived from an analysed call. Transcripts are never stored: a
-- transcript is read from the provider, analysed in memory and dropped.
create table reviews_calls_settings (
    org_id                 uuid primary key references identity_organization (id) on delete cascade,
    enabled                boolean not null default false,
    attestation_version    text check (length(attestation_version) <= 40),
    attestation_sha256     text check (attestation_sha256 ~ '^[0-9a-f]{64}$'),
    enabled_by             uuid references identity_user (id) on delete set null,
    enabled_at             timestamptz,
    disabled_by            uuid references identity_user (id) on delete set null,
    disabled_at            timestamptz,
    internal_domains       text[] not null default '{}',
    zoom_connection_id     uuid,
    zoom_secret_id         uuid,
    aircall_connection_id  uuid,
    aircall_token_id       uuid,
    teams_connection_id    uuid,
    updated_at             timestamptz not null default now()
);

create table reviews_calls_call (
    org_id          uuid not null references identity_organization (id) on delete cascade,
    id              uuid not null,
    provider        text not null check (provider in ('ZOOM', 'AIRCALL', 'TEAMS')),
    external_id     text not null check (length(external_id) <= 200),
    host_email      text check (length(host_email) <= 320),
    reviewee_id     uuid references identity_user (id) on delete set null,
    started_at      timestamptz,
    duration_s      integer,
    status          text not null check (status in ('PENDING', 'ANALYSED', 'SKIPPED', 'FAILED')),
    reason          text check (length(reason) <= 500),
    attendees_internal integer,
    attendees_external integer,
    attendees_unknown  integer,
    analysis        jsonb,
    received_at     timestamptz not null,
    analysed_at     timestamptz,
    primary key (org_id, id),
    unique (org_id, provider, external_id)
);
create index reviews_calls_call_received on reviews_calls_call (org_id, received_at desc);

create table reviews_calls_signal (
    org_id       uuid not null references identity_organization (id) on delete cascade,
    id           uuid not null,
    call_id      uuid not null,
    person_id    uuid not null references identity_user (id) on delete cascade,
    kind         text not null check (kind ~ '^[A-Z][A-Z_]{1,39}$'),
    value        text not null check (length(value) <= 1000),
    occurred_at  timestamptz not null,
    created_at   timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, call_id) references reviews_calls_call (org_id, id) on delete cascade
);
create index reviews_calls_signal_person on reviews_calls_signal (org_id, person_id, occurred_at);

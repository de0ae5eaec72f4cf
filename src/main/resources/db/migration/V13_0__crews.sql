-- Crews: an organization's crews (roles, thresholds, widget origins), its own Crews settings, the contacts its
-- customers are, and their conversations and messages. The organization is the controller of all of it (CRW-1).
create table crews_settings (
    org_id            uuid primary key references identity_organization (id) on delete cascade,
    retention_days    integer not null default 365 check (retention_days between 7 and 3650),
    usage_statistics  boolean not null default true,
    updated_at        timestamptz not null default now()
);

create table crews_crew (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    name        text not null check (length(name) between 1 and 80),
    definition  jsonb not null,
    origins     text[] not null default '{}',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (org_id, id)
);
create index crews_crew_org on crews_crew (org_id, created_at);

create table crews_contact (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    name        text check (length(name) <= 200),
    email       text check (length(email) <= 320),
    phone       text check (length(phone) <= 40),
    company     text check (length(company) <= 200),
    fields      jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (org_id, id)
);
-- one contact across channels: matched by email within the organization
create unique index crews_contact_email on crews_contact (org_id, lower(email)) where email is not null;

create table crews_conversation (
    id               uuid primary key,
    org_id           uuid not null references identity_organization (id) on delete cascade,
    crew_id          uuid not null references crews_crew (id) on delete cascade,
    contact_id       uuid not null references crews_contact (id) on delete cascade,
    channel          text not null check (channel in ('api', 'widget', 'email')),
    status           text not null check (status in ('CREW', 'WAITING', 'OPEN', 'RESOLVED')),
    assignee_id      uuid references identity_user (id) on delete set null,
    subject          text check (length(subject) <= 300),
    external_ref     text check (length(external_ref) <= 300),
    created_at       timestamptz not null default clock_timestamp(),
    updated_at       timestamptz not null default clock_timestamp(),
    last_message_at  timestamptz not null default clock_timestamp()
);
create index crews_conversation_org on crews_conversation (org_id, last_message_at desc);
create index crews_conversation_contact on crews_conversation (contact_id);
create index crews_conversation_age on crews_conversation (last_message_at);
create unique index crews_conversation_external on crews_conversation (org_id, crew_id, external_ref) where external_ref is not null;

create table crews_message (
    id               uuid primary key,
    org_id           uuid not null references identity_organization (id) on delete cascade,
    conversation_id  uuid not null references crews_conversation (id) on delete cascade,
    author           text not null check (author in ('CONTACT', 'CREW', 'PERSON', 'NOTE')),
    author_user_id   uuid references identity_user (id) on delete set null,
    body             text not null check (length(body) between 1 and 20000),
    message_id       text check (length(message_id) <= 998),
    in_reply_to      text check (length(in_reply_to) <= 998),
    citations        jsonb not null default '[]'::jsonb,
    created_at       timestamptz not null default clock_timestamp()
);
create index crews_message_conversation on crews_message (conversation_id, created_at);
create index crews_message_org on crews_message (org_id, created_at);

-- Identity and tenancy: organizations, users, memberships, invitations, sessions, API tokens.
-- Every table that belongs to a tenant carries org_id; foreign keys cascade so that deleting
-- a user or an organization removes what is theirs in the same transaction.

create table identity_organization (
    id          uuid primary key,
    name        text not null check (length(name) between 1 and 120),
    created_at  timestamptz not null default now()
);

create table identity_user (
    id             uuid primary key,
    email          text not null check (length(email) between 3 and 254),
    display_name   text check (length(display_name) <= 120),
    phone          text check (length(phone) <= 40),
    company        text check (length(company) <= 120),
    password_hash  text not null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create unique index identity_user_email on identity_user (lower(email));

create table identity_membership (
    org_id      uuid not null references identity_organization (id) on delete cascade,
    user_id     uuid not null references identity_user (id) on delete cascade,
    role        text not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
    created_at  timestamptz not null default now(),
    primary key (org_id, user_id)
);
-- one organization per user for now; the key above allows more later
create unique index identity_membership_user on identity_membership (user_id);

create table identity_invitation (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    token_hash  bytea not null unique,
    role        text not null check (role in ('ADMIN', 'MEMBER')),
    email       text check (length(email) <= 254),
    created_by  uuid references identity_user (id) on delete set null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
create index identity_invitation_org on identity_invitation (org_id);

create table identity_session (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    user_id     uuid not null references identity_user (id) on delete cascade,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
create index identity_session_user on identity_session (user_id);
create index identity_session_expiry on identity_session (expires_at);

create table identity_api_token (
    id            uuid primary key,
    org_id        uuid not null references identity_organization (id) on delete cascade,
    user_id       uuid not null references identity_user (id) on delete cascade,
    name          text not null check (length(name) between 1 and 80),
    token_hash    bytea not null unique,
    token_prefix  text not null,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz
);
create index identity_api_token_org on identity_api_token (org_id);

-- OAuth authorizations in progress: one row from the moment an admin is sent to the provider until the
-- provider sends them back (or ten minutes pass). state_hash is the SHA-256 of the state parameter (the
-- state itself is never stored); the pending grant (client secret, PKCE verifier) is in the vault under
-- credential_id. No token is ever stored here.
create table connectors_oauth_pending (
    org_id         uuid not null references identity_organization (id) on delete cascade,
    state_hash     text not null check (state_hash ~ '^[0-9a-f]{64}$'),
    kind           text not null check (kind ~ '^[A-Z][A-Z0-9_]{1,47}$'),
    label          text not null check (length(label) between 1 and 120),
    api_base_url   text not null check (length(api_base_url) <= 2000),
    redirect_uri   text not null check (length(redirect_uri) <= 2000),
    scopes         text not null default '' check (length(scopes) <= 2000),
    credential_id  uuid not null,
    created_by     uuid not null references identity_user (id) on delete cascade,
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    primary key (org_id, state_hash)
);
create index connectors_oauth_pending_expires on connectors_oauth_pending (expires_at);

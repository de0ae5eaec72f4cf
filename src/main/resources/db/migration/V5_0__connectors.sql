-- Connections: one grant to one external service each, owned by an organization. No credential
-- here: credential_id names it in the vault (vault_credential), and revoking deletes it there in the
-- same transaction. base_url never holds a secret (for a webhook it is scheme, host and port only).
create table connectors_connection (
    org_id               uuid not null references identity_organization (id) on delete cascade,
    id                   uuid not null,
    kind                 text not null check (kind in ('HTTP_API', 'INCOMING_WEBHOOK')),
    label                text not null check (length(label) between 1 and 120),
    base_url             text not null check (length(base_url) <= 2000),
    auth_scheme          text not null check (auth_scheme in ('BEARER', 'BASIC', 'HEADER', 'URL')),
    header_name          text check (length(header_name) <= 64),
    verify_path          text check (length(verify_path) <= 2000),
    scopes               text not null default '' check (length(scopes) <= 2000),
    credential_id        uuid,
    credential_purpose   text,
    status               text not null check (status in ('ACTIVE', 'FAILED_VERIFICATION', 'REVOKED')),
    status_detail        text check (length(status_detail) <= 500),
    created_by           uuid references identity_user (id) on delete set null,
    created_at           timestamptz not null,
    verified_at          timestamptz,
    revoked_at           timestamptz,
    primary key (org_id, id),
    check ((status = 'REVOKED') = (credential_id is null))
);
create unique index connectors_connection_id on connectors_connection (id);

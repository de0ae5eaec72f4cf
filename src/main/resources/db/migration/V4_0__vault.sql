-- The credential vault. No column holds a credential in the clear: ciphertext is AES-256-GCM under a
-- per-credential data key; wrapped_key is that data key encrypted by the master key, which lives outside
-- the database (key file, environment secret or key-management service). Both are bound to
-- (org_id, id, purpose) as associated data, so a ciphertext copied to another row does not decrypt.

-- One row: the fingerprint key (HMAC root for DLP fingerprints), wrapped by the master key.
create table vault_keyring (
    id                  smallint primary key check (id = 1),
    fingerprint_key     bytea not null,
    master_key_version  text not null,
    created_at          timestamptz not null default now()
);

create table vault_credential (
    org_id              uuid not null references identity_organization (id) on delete cascade,
    id                  uuid not null,
    purpose             text not null check (purpose ~ '^[a-z0-9][a-z0-9._-]{0,79}$'),
    kind                text not null check (kind ~ '^[a-z0-9][a-z0-9._-]{0,39}$'),
    label               text not null check (length(label) between 1 and 120),
    ciphertext          bytea not null,
    wrapped_key         bytea not null,
    master_key_version  text not null,
    fingerprint         text not null,
    created_at          timestamptz not null,
    last_used_at        timestamptz,
    primary key (org_id, id)
);
create unique index vault_credential_id on vault_credential (id);
create index vault_credential_key_version on vault_credential (master_key_version);

-- Keyed hashes of each credential (and of its notable parts) for the egress DLP scanner.
create table vault_fingerprint (
    org_id         uuid not null references identity_organization (id) on delete cascade,
    credential_id  uuid not null,
    variant        text not null,
    length         int not null check (length > 0),
    hmac           text not null,
    primary key (org_id, credential_id, variant),
    foreign key (org_id, credential_id) references vault_credential (org_id, id) on delete cascade
);

-- Master key rotations: instance-wide, not tenant data. Progress is the count of credentials
-- already on target_version; each batch commits its rows and this row together.
create table vault_rotation (
    id              uuid primary key,
    target_version  text not null,
    state           text not null check (state in ('RUNNING', 'FINISHED', 'SUPERSEDED')),
    total           int not null,
    done            int not null default 0,
    started_at      timestamptz not null,
    updated_at      timestamptz not null,
    finished_at     timestamptz,
    last_error      text
);
create unique index vault_rotation_running on vault_rotation ((state)) where state = 'RUNNING';

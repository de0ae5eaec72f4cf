-- Idempotency keys of accepted deliveries: a sender's retry with the same key, for the same Pilot, within
-- the window answers with the first delivery's run instead of starting another. Only a SHA-256 of the key
-- is kept. The primary key is what makes two racing retries, on one node or several, store one run.
-- run_id has no foreign key on purpose: a run trimmed from history must not free its key for a second run.
create table pilots_delivery_key (
    org_id        uuid not null references identity_organization (id) on delete cascade,
    pilot_id      uuid not null references pilots_pilot (id) on delete cascade,
    key_hash      bytea not null check (length(key_hash) = 32),
    payload_hash  bytea not null check (length(payload_hash) = 32),
    run_id        uuid not null,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    primary key (org_id, pilot_id, key_hash)
);
create index pilots_delivery_key_expiry on pilots_delivery_key (expires_at);

-- Operations: the catalog of encrypted backups and the erasure journal (OPS-1).
-- A backup file is encrypted with the backup key (never in the database) and expires 30 days after it
-- was made; the sweeper deletes the file and its row together.
create table operations_backup (
    id          uuid primary key,
    file_name   text not null unique,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    size_bytes  bigint not null check (size_bytes >= 0),
    tables      integer not null check (tables >= 0),
    rows        bigint not null check (rows >= 0),
    check (expires_at > created_at)
);

-- What was erased, so that a restore can erase it again before Charter serves anything. Names no one:
-- each entry is a keyed hash (HMAC-SHA-256 with the journal key, never in the database) of an erased
-- organization's or account's id. Kept 30 days, as long as the oldest backup.
create table operations_erasure_journal (
    subject_hash bytea not null check (octet_length(subject_hash) = 32),
    kind         text not null check (kind in ('ORGANIZATION', 'ACCOUNT')),
    erased_at    timestamptz not null,
    primary key (subject_hash, kind)
);
create index operations_erasure_journal_erased_at on operations_erasure_journal (erased_at);

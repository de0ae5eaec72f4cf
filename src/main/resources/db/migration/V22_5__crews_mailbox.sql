-- Crews: a support mailbox per crew, read over IMAP and answered over SMTP, both through connections of the
-- organization (CRW-1: the organization is the controller of every message). The cursor is the folder's
-- UIDVALIDITY and the highest UID read, so a restart neither loses nor repeats a message.
create table crews_mailbox (
    crew_id              uuid primary key references crews_crew (id) on delete cascade,
    org_id               uuid not null references identity_organization (id) on delete cascade,
    imap_connection_id   uuid not null references connectors_connection (id) on delete cascade,
    smtp_connection_id   uuid not null references connectors_connection (id) on delete cascade,
    address              text not null check (length(address) between 3 and 320),
    folder               text not null default 'INBOX' check (length(folder) between 1 and 200),
    check_every_seconds  integer not null default 60 check (check_every_seconds between 10 and 86400),
    uid_validity         bigint,
    last_uid             bigint not null default 0 check (last_uid >= 0),
    messages_read        bigint not null default 0 check (messages_read >= 0),
    last_check_at        timestamptz,
    -- one check of a mailbox at a time, across nodes: a check holds the lease until it ends (or the lease runs out)
    lease_until          timestamptz,
    last_error           text check (length(last_error) <= 500),
    created_by           uuid references identity_user (id) on delete set null,
    created_at           timestamptz not null default now()
);
create index crews_mailbox_due on crews_mailbox (last_check_at nulls first);

-- Threads: an answer names the message it answers by its Message-ID (In-Reply-To, References).
create index crews_message_message_id on crews_message (org_id, message_id) where message_id is not null;

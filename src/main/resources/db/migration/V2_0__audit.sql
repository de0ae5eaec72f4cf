-- The audit log (claims AUD-1 to AUD-4; docs/adr/0010 to 0012).
--
-- One global hash chain: id is the position in the chain (1, 2, 3, ... without gaps), assigned by
-- the application under a transaction-scoped advisory lock; prev_hash is the hash of the row
-- before; hash is computed in Java over a canonical encoding (docs/adr/0011). People are stored as
-- keyed pseudonyms (HMAC-SHA256), never as user ids (docs/adr/0012).
--
-- The rows outlive the organization and the people they describe for the retention window, so
-- org_id deliberately has no foreign key: a cascade would either delete the security record
-- or, with the triggers below, block deleting an organization.

do $$ begin
  if not exists (select 1 from pg_roles where rolname = '${cleanup_role}') then
    raise exception 'The role ${cleanup_role} does not exist. Create it before Charter migrates the database (see docs/operations-database.md).';
  end if;
end $$;

create table audit_event (
    id           bigint primary key check (id > 0),
    prev_hash    bytea not null check (length(prev_hash) = 32),
    hash         bytea not null check (length(hash) = 32),
    occurred_at  timestamptz not null,
    org_id       uuid,
    actor        bytea check (length(actor) = 32),
    subject      bytea check (length(subject) = 32),
    action       text not null check (length(action) between 1 and 200),
    target       text check (length(target) <= 500),
    details      jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
);
create index audit_event_org on audit_event (org_id, id);
create index audit_event_time on audit_event (occurred_at);

-- Signed checkpoints: (last id, last hash, time) signed with the server's Ed25519 key.
create table audit_checkpoint (
    id          bigserial primary key,
    last_id     bigint not null,
    last_hash   bytea not null check (length(last_hash) = 32),
    signed_at   timestamptz not null,
    key_id      text not null check (length(key_id) between 1 and 64),
    signature   bytea not null check (length(signature) = 64)
);
create index audit_checkpoint_last on audit_checkpoint (last_id);

-- The retention policy: one row. The database itself refuses less than 13 months (AUD-3).
create table audit_retention (
    id          boolean primary key default true check (id),
    months      integer not null check (months >= 13 and months <= 1200),
    updated_at  timestamptz not null default now()
);
insert into audit_retention (months) values (13);

-- Where the chain begins after a purge: the last purged row's id and hash anchor the first kept row.
create table audit_purge (
    id              bigserial primary key,
    purged_through  bigint not null,
    last_hash       bytea not null check (length(last_hash) = 32),
    rows_deleted    bigint not null,
    cutoff          timestamptz not null,
    purged_at       timestamptz not null default now()
);

-- Grants. The application may add and read events and checkpoints, read the purge record and
-- read or lengthen the retention; nothing else. The default privileges of V1_0 granted more.
revoke all on audit_event, audit_checkpoint, audit_retention, audit_purge from ${app_role};
revoke all on audit_event, audit_checkpoint, audit_retention, audit_purge from public;
grant select, insert on audit_event to ${app_role};
grant select, insert on audit_checkpoint to ${app_role};
grant usage, select on sequence audit_checkpoint_id_seq to ${app_role};
grant select, update (months, updated_at) on audit_retention to ${app_role};
grant select on audit_purge to ${app_role};
revoke all on sequence audit_purge_id_seq from ${app_role};

-- Triggers: even the owner cannot rewrite history. An attacker with superuser rights can switch
-- them off; the hash chain and the signed checkpoints are there for that case (AUD-2).
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op;
end $$;

create function audit_refuse_young_delete() returns trigger language plpgsql as $$
declare
  keep integer;
begin
  select greatest(months, 13) into keep from public.audit_retention;
  if old.occurred_at >= now() - make_interval(months => coalesce(keep, 13)) then
    raise exception 'audit_event % is inside the retention window and cannot be deleted', old.id;
  end if;
  return old;
end $$;

create trigger audit_event_no_update before update on audit_event
    for each row execute function audit_refuse_change();
create trigger audit_event_no_young_delete before delete on audit_event
    for each row execute function audit_refuse_young_delete();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_refuse_change();

create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
    for each row execute function audit_refuse_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function audit_refuse_change();
create trigger audit_purge_no_update before update or delete on audit_purge
    for each row execute function audit_refuse_change();
create trigger audit_purge_no_truncate before truncate on audit_purge
    for each statement execute function audit_refuse_change();
create trigger audit_retention_no_delete before delete on audit_retention
    for each row execute function audit_refuse_change();
create trigger audit_retention_no_truncate before truncate on audit_retention
    for each statement execute function audit_refuse_change();

-- The purge: the only way rows leave. Runs with the owner's rights (security definer) but deletes
-- only a contiguous head of the chain older than the retention floor, whatever the caller asks
-- for, and records where the chain now begins. At most max_rows per call; call until it returns 0.
create function audit_purge(requested_before timestamptz default null, max_rows integer default 10000)
returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  keep        integer;
  floor_ts    timestamptz;
  cutoff      timestamptz;
  first_young bigint;
  upto        bigint;
  last_h      bytea;
  n           bigint;
begin
  -- one purge at a time across every node; a second caller simply does nothing
  if not pg_try_advisory_xact_lock(7305206002) then
    return 0;
  end if;
  select greatest(months, 13) into keep from public.audit_retention;
  floor_ts := now() - make_interval(months => coalesce(keep, 13));
  cutoff := least(coalesce(requested_before, floor_ts), floor_ts);
  select min(id) into first_young from public.audit_event where occurred_at >= cutoff;
  select max(h.id) into upto from (
    select e.id from public.audit_event e
    where first_young is null or e.id < first_young
    order by e.id
    limit least(greatest(coalesce(max_rows, 10000), 1), 100000)) h;
  if upto is null then
    return 0;
  end if;
  select e.hash into last_h from public.audit_event e where e.id = upto;
  delete from public.audit_event e where e.id <= upto;
  get diagnostics n = row_count;
  insert into public.audit_purge (purged_through, last_hash, rows_deleted, cutoff) values (upto, last_h, n, cutoff);
  return n;
end $$;

revoke all on function audit_purge(timestamptz, integer) from public;
revoke all on function audit_purge(timestamptz, integer) from ${app_role};
grant execute on function audit_purge(timestamptz, integer) to ${cleanup_role};
revoke all on function audit_refuse_change() from public, ${app_role};
revoke all on function audit_refuse_young_delete() from public, ${app_role};

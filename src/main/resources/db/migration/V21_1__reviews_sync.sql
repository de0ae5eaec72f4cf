-- Reviews sync: each read scope of a connection becomes a sync that runs on the durable job queue, on demand or on a
-- schedule, and keeps its place. A pass stores each page's signals together with the position of the next page, so
-- a restart, a failure or a provider's rate limit resumes where it stopped; the watermark moves only when a pass is
-- complete. Nothing here holds provider data: positions are the provider's page tokens, cursors or next-page URLs.
alter table reviews_sync_cursor add column id uuid not null default gen_random_uuid();
alter table reviews_sync_cursor add constraint reviews_sync_cursor_id unique (org_id, id);
alter table reviews_sync_cursor add column every_seconds integer check (every_seconds between 900 and 604800);
alter table reviews_sync_cursor add column next_run_at timestamptz;
alter table reviews_sync_cursor add column state text not null default 'IDLE'
    check (state in ('IDLE', 'QUEUED', 'RUNNING', 'WAITING', 'FAILED'));
alter table reviews_sync_cursor add column position text check (length(position) <= 2000);
alter table reviews_sync_cursor add column pass_newest text check (length(pass_newest) <= 100);
alter table reviews_sync_cursor add column pass_pages integer not null default 0;
alter table reviews_sync_cursor add column pass_signals bigint not null default 0;
alter table reviews_sync_cursor add column pass_started_at timestamptz;
alter table reviews_sync_cursor add column retry_at timestamptz;
alter table reviews_sync_cursor add column last_finished_at timestamptz;
create index reviews_sync_due on reviews_sync_cursor (next_run_at) where every_seconds is not null;

-- Trimming run history looks only at finished runs older than the 100th newest; this index holds just
-- those rows, so a trim costs the same with a backlog of thousands of queued runs as without.
create index pilots_run_finished on pilots_run (pilot_id, created_at) where status not in ('QUEUED', 'RUNNING');

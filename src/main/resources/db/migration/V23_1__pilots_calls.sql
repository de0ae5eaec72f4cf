-- Pilots calling Pilots: a run started by another run's "pilot" step has trigger PILOT, names the run that called
-- it, and carries the chain of Pilots above it, so a cycle or a chain deeper than the limit is refused.
alter table pilots_run drop constraint pilots_run_trigger_check;
alter table pilots_run add constraint pilots_run_trigger_check
    check (trigger in ('WEBHOOK', 'SCHEDULE', 'MANUAL', 'RERUN', 'PILOT'));
alter table pilots_run add column caller_run_id uuid;
alter table pilots_run add column call_chain uuid[] not null default '{}' check (cardinality(call_chain) <= 5);

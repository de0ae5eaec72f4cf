-- Per organization, day and provider also the failed model calls and the summed latency of the answered ones, for
-- the AI page's usage per provider. Counts only.
alter table ai_usage add column errors bigint not null default 0 check (errors >= 0);
alter table ai_usage add column latency_ms bigint not null default 0 check (latency_ms >= 0);

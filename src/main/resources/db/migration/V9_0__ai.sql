-- AI usage: how many requests and tokens each organization spent per day (UTC) and provider.
-- Counts only: no instruction, data, output, model key or person is stored (PIL-7).
create table ai_usage (
    org_id        uuid not null references identity_organization (id) on delete cascade,
    day           date not null,
    provider      text not null check (provider in ('ORG_KEY', 'SERVER_KEY', 'LOCAL')),
    requests      bigint not null default 0 check (requests >= 0),
    input_tokens  bigint not null default 0 check (input_tokens >= 0),
    output_tokens bigint not null default 0 check (output_tokens >= 0),
    primary key (org_id, day, provider)
);

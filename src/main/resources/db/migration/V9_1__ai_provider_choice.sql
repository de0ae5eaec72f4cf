-- Per organization, the ordered choice of AI providers its admins set on the AI page (an organization without a row
-- has the default order), and the model its own endpoint is asked for. Usage is counted for the own endpoint too.
alter table ai_usage drop constraint ai_usage_provider_check;
alter table ai_usage add constraint ai_usage_provider_check
    check (provider in ('ORG_ENDPOINT', 'ORG_KEY', 'SERVER_KEY', 'LOCAL'));
create table ai_provider_choice (
    org_id          uuid primary key references identity_organization (id) on delete cascade,
    provider_order  text not null check (provider_order ~ '^[A-Z_]+(,[A-Z_]+)*$'),
    endpoint_model  text check (length(endpoint_model) between 1 and 200),
    updated_at      timestamptz not null
);

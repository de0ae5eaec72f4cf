-- Crews: the web chat widget, leads out and the organization's own usage counters.
-- A crew's widget is named in public by its widget key (in the snippet the site pastes), never by the crew's id;
-- the key is the one way in that names the organization, and everything after it carries the organization.
alter table crews_crew add column widget_key uuid;
update crews_crew set widget_key = gen_random_uuid() where widget_key is null;
alter table crews_crew alter column widget_key set not null;
alter table crews_crew alter column widget_key set default gen_random_uuid();
create unique index crews_crew_widget_key on crews_crew (widget_key);

-- A widget visitor's conversation is held by a token kept in the widget's own storage; only its SHA-256 is stored.
alter table crews_conversation add column visitor_token_hash bytea check (octet_length(visitor_token_hash) = 32);
create unique index crews_conversation_visitor on crews_conversation (org_id, visitor_token_hash)
    where visitor_token_hash is not null;
-- When the contact asked for a person (widget, API), for the inbox and for review requests to hook in.
alter table crews_conversation add column person_requested_at timestamptz;

-- Where a qualified lead is sent as JSON (through egress), for example a Pilot's delivery URL.
alter table crews_settings add column lead_webhook_url text check (length(lead_webhook_url) <= 2000);

-- Charter's own anonymized usage statistics of Crews: counters per organization, day and event name; no contact,
-- no visitor, no text. Nothing is counted for an organization that opted out (crews_settings.usage_statistics).
create table crews_usage_count (
    org_id  uuid not null references identity_organization (id) on delete cascade,
    day     date not null,
    name    text not null check (length(name) between 1 and 100),
    count   bigint not null check (count > 0),
    primary key (org_id, day, name)
);
create index crews_usage_count_day on crews_usage_count (day);

-- OpenAI-compatible model endpoints: a base URL and an optional bearer key. Without a key the connection has no
-- credential (auth_scheme NONE, credential_id null) and is still active; every other kind keeps its credential until
-- it is revoked.
alter table connectors_connection drop constraint connectors_connection_kind_check;
alter table connectors_connection add constraint connectors_connection_kind_check
    check (kind in ('HTTP_API', 'INCOMING_WEBHOOK', 'SLACK_WEBHOOK', 'RESEND_API_KEY', 'ANTHROPIC_API_KEY', 'SMTP_SERVER',
                    'OPENAI_COMPATIBLE'));
alter table connectors_connection drop constraint connectors_connection_auth_scheme_check;
alter table connectors_connection add constraint connectors_connection_auth_scheme_check
    check (auth_scheme in ('BEARER', 'BASIC', 'HEADER', 'URL', 'NONE'));
do $$
declare
    name text;
begin
    select conname into name from pg_constraint
    where conrelid = 'connectors_connection'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%REVOKED%credential_id IS NULL%';
    execute format('alter table connectors_connection drop constraint %I', name);
end $$;
alter table connectors_connection add constraint connectors_connection_credential_check
    check (case when status = 'REVOKED' then credential_id is null
                when auth_scheme = 'NONE' then credential_id is null and kind = 'OPENAI_COMPATIBLE'
                else credential_id is not null end);

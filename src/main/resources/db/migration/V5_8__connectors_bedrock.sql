-- Amazon Bedrock connections: an AWS access key (id:secret in the vault), the signing scope region/bedrock in
-- header_name, requests signed with SigV4 inside egress.
alter table connectors_connection drop constraint connectors_connection_kind_check;
alter table connectors_connection add constraint connectors_connection_kind_check
    check (kind in ('HTTP_API', 'INCOMING_WEBHOOK', 'SLACK_WEBHOOK', 'RESEND_API_KEY', 'ANTHROPIC_API_KEY', 'SMTP_SERVER',
                    'OPENAI_COMPATIBLE', 'AWS_BEDROCK'));
alter table connectors_connection drop constraint connectors_connection_auth_scheme_check;
alter table connectors_connection add constraint connectors_connection_auth_scheme_check
    check (auth_scheme in ('BEARER', 'BASIC', 'HEADER', 'URL', 'NONE', 'AWS_SIGV4'));

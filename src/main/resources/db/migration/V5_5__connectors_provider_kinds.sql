-- Provider kinds of connection: Slack incoming webhooks, Resend and Anthropic API keys. They are stored
-- exactly like the generic kinds (a webhook URL, or a base URL with a credential in the vault).
alter table connectors_connection drop constraint connectors_connection_kind_check;
alter table connectors_connection add constraint connectors_connection_kind_check
    check (kind in ('HTTP_API', 'INCOMING_WEBHOOK', 'SLACK_WEBHOOK', 'RESEND_API_KEY', 'ANTHROPIC_API_KEY'));

-- SMTP server connections: host and port live in base_url (smtp://host:port, smtps:// for implicit TLS), the
-- security mode and the default sender in their own columns; user name and password are in the vault as
-- user:password, like basic auth.
alter table connectors_connection drop constraint connectors_connection_kind_check;
alter table connectors_connection add constraint connectors_connection_kind_check
    check (kind in ('HTTP_API', 'INCOMING_WEBHOOK', 'SLACK_WEBHOOK', 'RESEND_API_KEY', 'ANTHROPIC_API_KEY', 'SMTP_SERVER'));
alter table connectors_connection add column smtp_security text check (smtp_security in ('STARTTLS', 'TLS', 'PLAIN'));
alter table connectors_connection add column mail_from text check (length(mail_from) <= 320);
alter table connectors_connection add constraint connectors_connection_smtp_check
    check ((kind = 'SMTP_SERVER') = (smtp_security is not null and mail_from is not null));

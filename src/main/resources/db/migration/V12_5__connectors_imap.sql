-- IMAP server connections: host and port live in base_url (imap://host:port, imaps:// for implicit TLS), the
-- security mode in its own column; user name and password are in the vault as user:password, like SMTP.
alter table connectors_connection add column imap_security text check (imap_security in ('STARTTLS', 'TLS', 'PLAIN'));
alter table connectors_connection add constraint connectors_connection_imap_check
    check ((kind = 'IMAP_SERVER') = (imap_security is not null));

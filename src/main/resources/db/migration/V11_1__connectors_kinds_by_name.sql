-- Connection kinds and authentication schemes are named by the application's enums (ConnectionKind,
-- AuthScheme), which refuse any other value before a row is written. Listing every value in a check
-- constraint meant each new kind rewrote one shared constraint; the checks now hold the shape of a name,
-- and the enums hold the list.
alter table connectors_connection drop constraint connectors_connection_kind_check;
alter table connectors_connection add constraint connectors_connection_kind_check
    check (kind ~ '^[A-Z][A-Z0-9_]{1,47}$');
alter table connectors_connection drop constraint connectors_connection_auth_scheme_check;
alter table connectors_connection add constraint connectors_connection_auth_scheme_check
    check (auth_scheme ~ '^[A-Z][A-Z0-9_]{1,47}$');

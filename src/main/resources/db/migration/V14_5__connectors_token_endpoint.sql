-- A connection with a client credentials grant (Zoom, Microsoft Graph) keeps its token endpoint with the grant's
-- parameters in header_name, which is longer than a header's name.
alter table connectors_connection drop constraint connectors_connection_header_name_check;
alter table connectors_connection add constraint connectors_connection_header_name_check
    check (length(header_name) <= 512);

-- Anthropic on Google Vertex AI connections keep <project>/<region>/<model> in header_name (a model id such as
-- claude-sonnet-4-5@20250929 is long), so header_name may hold up to 200 characters; header names of other kinds are
-- still checked to 64 by the application.
alter table connectors_connection drop constraint connectors_connection_header_name_check;
alter table connectors_connection add constraint connectors_connection_header_name_check
    check (length(header_name) <= 200);

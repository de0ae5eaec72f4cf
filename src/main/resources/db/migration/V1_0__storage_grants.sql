-- Tables created by the owner (the role that runs these migrations) are readable and
-- writable by the application role by default. Modules that must restrict it further
-- (the audit log) revoke in their own migrations.
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};
alter default privileges in schema public grant execute on functions to ${app_role};

-- Server operators: the accounts the server's operator named on the admin command line (`operators add EMAIL`).
-- Being one grants nothing inside any organization by itself; it only lets an organization's admin name the account
-- in a support grant (PRF-12). Removing the row (or the account) ends every support access at once.
create table identity_server_operator (
    user_id   uuid primary key references identity_user (id) on delete cascade,
    added_at  timestamptz not null
);

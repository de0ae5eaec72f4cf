-- Reviews: work signals. Only what a connector's parser allowlists is stored: a title, a summary or (where
-- the organization allows it) an email subject in title; the other allowlisted facts in facts; never a body,
-- description, message text or email content. identity is the person in the tool's own terms.
create table reviews_signal (
    org_id         uuid not null references identity_organization (id) on delete cascade,
    id             uuid not null,
    connection_id  uuid not null,
    source         text not null check (source in ('GITHUB', 'JIRA', 'SLACK', 'GMAIL')),
    kind           text not null check (kind in ('PULL_REQUEST', 'ISSUE', 'STATUS_CHANGE', 'MESSAGES', 'EMAIL')),
    external_id    text not null check (length(external_id) between 1 and 400),
    identity       text not null check (length(identity) between 1 and 320),
    occurred_at    timestamptz not null,
    title          text check (length(title) <= 300),
    facts          jsonb not null default '{}',
    link           text check (length(link) <= 500),
    count          int not null default 1 check (count >= 0),
    synced_at      timestamptz not null,
    primary key (org_id, id),
    unique (org_id, connection_id, kind, external_id),
    foreign key (org_id, connection_id) references connectors_connection (org_id, id) on delete cascade
);
create index reviews_signal_identity on reviews_signal (org_id, source, identity, occurred_at);

-- Where each read of a connection stands: the newest update seen (GitHub and Jira updated times, Slack's
-- newest ts, Gmail's newest internal date), so the next read asks only for what changed since.
create table reviews_sync_cursor (
    org_id         uuid not null references identity_organization (id) on delete cascade,
    connection_id  uuid not null,
    scope          text not null check (length(scope) between 1 and 300),
    watermark      text check (length(watermark) <= 100),
    signals        bigint not null default 0,
    last_error     text check (length(last_error) <= 500),
    updated_at     timestamptz not null,
    primary key (org_id, connection_id, scope),
    foreign key (org_id, connection_id) references connectors_connection (org_id, id) on delete cascade
);

-- Per organization: whether email subjects are kept (off unless an admin turns it on).
create table reviews_settings (
    org_id          uuid primary key references identity_organization (id) on delete cascade,
    email_subjects  boolean not null default false,
    updated_by      uuid references identity_user (id) on delete set null,
    updated_at      timestamptz not null
);

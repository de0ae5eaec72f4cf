-- Reviews: people and review cycles. An identity link ties a tool's identity (a GitHub login, a Jira account, a
-- Slack user, an email address) to a member, once an admin confirmed it; one identity names one member. A cycle
-- has a name and a period; each review of a cycle has its reviewee and reviewer, the draft (sentences, each with
-- the ids of the signals it rests on), the evidence the reviewer excluded, and whether it is final.
create table reviews_identity_link (
    org_id        uuid not null references identity_organization (id) on delete cascade,
    source        text not null check (source in ('GITHUB', 'JIRA', 'SLACK', 'GMAIL')),
    identity      text not null check (length(identity) between 1 and 320),
    user_id       uuid not null references identity_user (id) on delete cascade,
    confirmed_by  uuid references identity_user (id) on delete set null,
    confirmed_at  timestamptz not null,
    primary key (org_id, source, identity)
);
create index reviews_identity_link_user on reviews_identity_link (org_id, user_id);

create table reviews_cycle (
    org_id        uuid not null references identity_organization (id) on delete cascade,
    id            uuid not null,
    name          text not null check (length(name) between 1 and 120),
    period_start  date not null,
    period_end    date not null,
    created_by    uuid references identity_user (id) on delete set null,
    created_at    timestamptz not null,
    primary key (org_id, id),
    check (period_end >= period_start)
);

create table reviews_review (
    org_id          uuid not null references identity_organization (id) on delete cascade,
    id              uuid not null,
    cycle_id        uuid not null,
    reviewee_id     uuid not null references identity_user (id) on delete cascade,
    reviewer_id     uuid references identity_user (id) on delete set null,
    status          text not null default 'DRAFT' check (status in ('DRAFT', 'FINAL')),
    draft           jsonb,
    draft_provider  text check (length(draft_provider) <= 40),
    drafted_at      timestamptz,
    excluded        jsonb not null default '[]',
    finalized_by    uuid references identity_user (id) on delete set null,
    finalized_at    timestamptz,
    updated_at      timestamptz not null,
    primary key (org_id, id),
    unique (org_id, cycle_id, reviewee_id),
    foreign key (org_id, cycle_id) references reviews_cycle (org_id, id) on delete cascade
);

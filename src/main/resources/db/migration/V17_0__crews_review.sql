-- Crews' profiling results, confidence gates and the human review queue (CRW-2, CRW-3, CRW-4).
-- Results and reviews rest on a conversation and go with it (retention, a contact's erasure) by cascade.
create table crews_review_policy (
    org_id       uuid primary key references identity_organization (id) on delete cascade,
    gates        jsonb not null,
    significant  text[] not null default '{}',
    updated_at   timestamptz not null default now()
);

-- one automated judgement (sentiment, category, lead score) with its confidence, runner-up and provider, and what
-- became of it: it acted, waits for review, a person approved or overrode it, or it was held or superseded
create table crews_result (
    id                    uuid primary key,
    org_id                uuid not null references identity_organization (id) on delete cascade,
    conversation_id       uuid not null references crews_conversation (id) on delete cascade,
    message_id            uuid references crews_message (id) on delete cascade,
    kind                  text not null check (kind in ('sentiment', 'category', 'lead-score')),
    value                 text not null check (length(value) between 1 and 100),
    confidence            double precision not null check (confidence between 0 and 1),
    runner_up             text check (length(runner_up) <= 100),
    runner_up_confidence  double precision not null check (runner_up_confidence between 0 and 1),
    provider              text not null check (length(provider) <= 200),
    inputs                jsonb not null,
    factors               jsonb not null default '[]'::jsonb,
    effect                text check (effect in ('disqualify-lead', 'close-conversation', 'route-to-sales', 'promise-money')),
    state                 text not null check (state in ('ACTED', 'REVIEW', 'APPROVED', 'OVERRIDDEN', 'HELD', 'SUPERSEDED')),
    acting_value          text check (length(acting_value) <= 100),
    decided_by            uuid references identity_user (id) on delete set null,
    override_reason       text check (length(override_reason) <= 1000),
    created_at            timestamptz not null default clock_timestamp(),
    decided_at            timestamptz
);
create index crews_result_conversation on crews_result (org_id, conversation_id, kind, created_at desc);
create index crews_result_message on crews_result (message_id);

-- the human review queue: results a gate held back, significant decisions, and contacts' requests
create table crews_review (
    id               uuid primary key,
    org_id           uuid not null references identity_organization (id) on delete cascade,
    conversation_id  uuid not null references crews_conversation (id) on delete cascade,
    result_id        uuid references crews_result (id) on delete cascade,
    origin           text not null check (origin in ('LOW_CONFIDENCE', 'SIGNIFICANT', 'CONTACT_REQUEST', 'ASKED_FOR_PERSON')),
    reason           text not null check (length(reason) <= 500),
    request_text     text check (length(request_text) <= 2000),
    status           text not null check (status in ('OPEN', 'ESCALATED', 'APPROVED', 'OVERRIDDEN', 'TAKEN_OVER', 'SUPERSEDED')),
    reviewer_id      uuid references identity_user (id) on delete set null,
    review_note      text check (length(review_note) <= 1000),
    created_at       timestamptz not null default clock_timestamp(),
    decided_at       timestamptz
);
create index crews_review_queue on crews_review (org_id, status, created_at);
create index crews_review_conversation on crews_review (conversation_id);
create index crews_review_result on crews_review (result_id);

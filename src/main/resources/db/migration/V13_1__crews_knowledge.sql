-- Crews' knowledge base: an organization's documents, split into passages, indexed for BM25 ranking in PostgreSQL
-- (docs/adr/0150). Postings are the index: erasing a document removes its passages and postings by cascade in the
-- same transaction, and every node reads the same rows.
create table crews_document (
    id          uuid primary key,
    org_id      uuid not null references identity_organization (id) on delete cascade,
    title       text not null check (length(title) between 1 and 200),
    format      text not null check (format in ('markdown', 'html', 'text')),
    body        text not null check (length(body) <= 1000000),
    created_by  uuid references identity_user (id) on delete set null,
    created_at  timestamptz not null default now(),
    unique (org_id, id)
);
create index crews_document_org on crews_document (org_id, created_at);

create table crews_passage (
    id           uuid primary key,
    org_id       uuid not null references identity_organization (id) on delete cascade,
    document_id  uuid not null references crews_document (id) on delete cascade,
    position     integer not null,
    heading      text,
    body         text not null,
    length       integer not null check (length >= 0),
    unique (document_id, position)
);
create index crews_passage_org on crews_passage (org_id);

-- term frequency of each stemmed term of a passage (PostgreSQL's english text search configuration)
create table crews_posting (
    org_id      uuid not null references identity_organization (id) on delete cascade,
    term        text not null,
    passage_id  uuid not null references crews_passage (id) on delete cascade,
    tf          integer not null check (tf > 0),
    primary key (org_id, term, passage_id)
);
create index crews_posting_passage on crews_posting (passage_id);

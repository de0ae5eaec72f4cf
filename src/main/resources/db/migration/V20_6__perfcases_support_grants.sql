-- Support grants (PRF-12): an organization's admin lets one named server operator read one case until a time no
-- later than 24 hours after the grant. Every read under a grant is in the organization's audit log; revoking sets
-- revoked_at, and every read checks the grant again in the same query.
create table perfcases_support_grant (
    id           uuid primary key,
    org_id       uuid not null references identity_organization (id) on delete cascade,
    case_id      uuid not null references perfcases_case (id) on delete cascade,
    operator_id  uuid not null references identity_user (id) on delete cascade,
    reason       text not null check (length(reason) between 1 and 500),
    granted_by   uuid references identity_user (id) on delete set null,
    granted_at   timestamptz not null,
    expires_at   timestamptz not null,
    revoked_by   uuid references identity_user (id) on delete set null,
    revoked_at   timestamptz,
    check (expires_at > granted_at and expires_at <= granted_at + interval '24 hours')
);
create index perfcases_support_grant_case on perfcases_support_grant (org_id, case_id, granted_at desc);
create index perfcases_support_grant_operator on perfcases_support_grant (operator_id, expires_at);

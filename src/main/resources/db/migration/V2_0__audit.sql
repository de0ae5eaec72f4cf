-- The audit log. Append-only for the application role (see the audit module).
create table audit_event (
    id           bigserial primary key,
    org_id       uuid,
    actor_id     uuid,
    subject_id   uuid,
    action       text not null,
    target       text,
    details      jsonb not null default '{}'::jsonb,
    occurred_at  timestamptz not null default now()
);
create index audit_event_org on audit_event (org_id, id);
revoke update, delete, truncate on audit_event from ${app_role};

-- The erasure journal also names single objects erased on request (a call deleted by an admin), so a restore from
-- an older backup erases them again.
alter table operations_erasure_journal drop constraint operations_erasure_journal_kind_check;
alter table operations_erasure_journal add constraint operations_erasure_journal_kind_check
    check (kind in ('ORGANIZATION', 'ACCOUNT', 'OBJECT'));

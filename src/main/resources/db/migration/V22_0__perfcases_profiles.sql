-- Perf cases: flame summaries of profiles read for a case (PRF-4). A profile is read as stack frames and sample counts
-- only; what is kept is its derived summary: the total of the sampled values and the top frames (a function name)
-- with their self and total values. No label, thread name, file name, address or payload of a profile is held here.
create table perfcases_flame_summary (
    id              uuid primary key,
    org_id          uuid not null references identity_organization (id) on delete cascade,
    case_id         uuid not null references perfcases_case (id) on delete cascade,
    -- the Pyroscope connection it was read through; null for a Java Flight Recorder file uploaded on the case
    connection_id   uuid references perfcases_connection (id) on delete cascade,
    source          text not null check (source in ('PYROSCOPE', 'JFR')),
    version         text not null check (length(version) between 1 and 200),
    -- what was sampled and in which unit: "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "jdk.ExecutionSample"
    profile_type    text not null check (length(profile_type) between 1 and 200),
    unit            text not null check (unit ~ '^[a-z_]{1,40}$'),
    total           bigint not null check (total >= 0),
    -- [{"name": "...", "self": n, "total": n}, ...], at most 50, by total
    frames          jsonb not null check (jsonb_typeof(frames) = 'array' and jsonb_array_length(frames) <= 50),
    window_start    timestamptz,
    window_end      timestamptz,
    read_at         timestamptz not null,
    read_by         uuid references identity_user (id) on delete set null,
    -- one summary per case, source, connection and version: a new read replaces the last
    unique nulls not distinct (org_id, case_id, source, connection_id, version)
);
create index perfcases_flame_summary_case on perfcases_flame_summary (org_id, case_id);

package dev.charter.pilots.internal;

import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.charter.storage.RelaxedJdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of runs and step records. */
@Repository
class RunRepository {

    /** Runs kept per Pilot (PIL-4). */
    static final int KEEP = 100;

    record RunRow(UUID id, UUID orgId, UUID pilotId, String status, String trigger, String payload, String error,
                  Instant createdAt, Instant startedAt, Instant finishedAt) {}

    record StepRow(int position, String name, String kind, String status, String input, String output, String error,
                   Instant startedAt, Instant finishedAt) {}

    private final JdbcClient jdbc;
    /** Writes a crash may lose because re-running repairs them (see RelaxedJdbc). */
    private final JdbcClient relaxed;

    RunRepository(JdbcClient jdbc, RelaxedJdbc relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed.client();
    }

    void insert(UUID id, UUID org, UUID pilot, String trigger, String payload) {
        jdbc.sql("""
                insert into pilots_run (id, org_id, pilot_id, status, trigger, payload)
                values (?, ?, ?, 'QUEUED', ?, cast(? as jsonb))""")
                .params(id, org, pilot, trigger, payload).update();
    }

    /** A queued run to insert with {@link #insertAll}. */
    record NewRun(UUID id, UUID org, UUID pilot, String trigger, String payload) {}

    /** Inserts many queued runs with one statement, for a batch of accepted deliveries. */
    void insertAll(List<NewRun> batch) {
        int n = batch.size();
        String[] id = new String[n], org = new String[n], pilot = new String[n], trigger = new String[n], payload = new String[n];
        for (int i = 0; i < n; i++) {
            NewRun r = batch.get(i);
            id[i] = r.id().toString();
            org[i] = r.org().toString();
            pilot[i] = r.pilot().toString();
            trigger[i] = r.trigger();
            payload[i] = r.payload();
        }
        jdbc.sql("""
                insert into pilots_run (id, org_id, pilot_id, status, trigger, payload)
                select id, org_id, pilot_id, 'QUEUED', trigger, payload
                from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as jsonb[]))
                     as r (id, org_id, pilot_id, trigger, payload)""")
                .params(id, org, pilot, trigger, payload).update();
    }

    /**
     * Keeps the newest {@link #KEEP} runs of a Pilot and deletes older finished ones, with their step
     * records. A run still queued or running is never deleted: it is an accepted delivery (PIL-3).
     * Called when a run finishes, so deliveries never wait on each other's trims.
     */
    int trim(UUID pilot) {
        var cutoff = relaxed.sql("""
                select created_at from pilots_run where pilot_id = ? order by created_at desc offset ? limit 1""")
                .params(pilot, KEEP - 1).query(java.sql.Timestamp.class).optional();
        if (cutoff.isEmpty()) {
            return 0;
        }
        return relaxed.sql("""
                delete from pilots_run where pilot_id = ? and status not in ('QUEUED', 'RUNNING') and created_at < ?""")
                .params(pilot, cutoff.get()).update();
    }

    Optional<RunRow> find(OrgId org, UUID id) {
        return jdbc.sql("""
                select id, org_id, pilot_id, status, trigger, payload::text as payload, error, created_at, started_at, finished_at
                from pilots_run where org_id = ? and id = ?""").params(org.value(), id).query(RunRow.class).optional();
    }

    List<RunRow> list(OrgId org, UUID pilot, int limit) {
        return jdbc.sql("""
                select id, org_id, pilot_id, status, trigger, null as payload, error, created_at, started_at, finished_at
                from pilots_run where org_id = ? and pilot_id = ? order by created_at desc limit ?""")
                .params(org.value(), pilot, limit).query(RunRow.class).list();
    }

    /** One page of {@link #page}: the rows and how many match in all. */
    record RunPage(List<RunRow> rows, long total) {}

    /** A Pilot's runs, newest first, optionally only those with {@code status}, {@code limit} from {@code offset}. */
    RunPage page(OrgId org, UUID pilot, String status, int offset, int limit) {
        String where = " from pilots_run where org_id = :org and pilot_id = :pilot"
                + " and (cast(:status as text) is null or status = cast(:status as text))";
        long total = jdbc.sql("select count(*)" + where)
                .param("org", org.value()).param("pilot", pilot).param("status", status).query(Long.class).single();
        var rows = jdbc.sql("select id, org_id, pilot_id, status, trigger, null as payload, error, created_at, started_at, finished_at"
                        + where + " order by created_at desc, id offset :offset limit :limit")
                .param("org", org.value()).param("pilot", pilot).param("status", status)
                .param("offset", offset).param("limit", limit).query(RunRow.class).list();
        return new RunPage(rows, total);
    }

    /** Which of {@code ids} are this organization's runs. */
    List<UUID> owned(OrgId org, List<UUID> ids) {
        return jdbc.sql("select id from pilots_run where org_id = ? and id = any(?)")
                .params(org.value(), ids.toArray(UUID[]::new)).query(UUID.class).list();
    }

    List<StepRow> steps(OrgId org, UUID run) {
        return jdbc.sql("""
                select position, name, kind, status, input::text as input, output::text as output, error, started_at, finished_at
                from pilots_step_run where org_id = ? and run_id = ? order by position""")
                .params(org.value(), run).query(StepRow.class).list();
    }

    /** Outputs of the steps already done, for a run that resumes after a delay or a retry. */
    List<StepRow> finishedSteps(UUID run) {
        return relaxed.sql("""
                select position, name, kind, status, null as input, output::text as output, error, started_at, finished_at
                from pilots_step_run where run_id = ?
                  and (status in ('SUCCEEDED', 'SKIPPED') or (status = 'FAILED' and output is not null))
                order by position""")
                .param(run).query(StepRow.class).list();
    }

    /** A run a worker has taken, with its Pilot's steps as they are now. */
    record Execution(UUID id, UUID orgId, UUID pilotId, String trigger, String payload, boolean resumed, String steps) {}

    /**
     * Marks a queued or running run as running and reads it with its Pilot's steps, in one statement. Empty when
     * the run finished already or went with its Pilot or organization. {@code resumed} says it had started before
     * (a retry, a delay, a node that died), so steps it finished must be read back.
     */
    Optional<Execution> startExecution(UUID id, Instant now) {
        return relaxed.sql("""
                with old as (
                    select id, started_at from pilots_run where id = ? and status in ('QUEUED', 'RUNNING') for update),
                r as (
                    update pilots_run set status = 'RUNNING', started_at = coalesce(old.started_at, ?)
                    from old where pilots_run.id = old.id
                    returning pilots_run.id, pilots_run.org_id, pilots_run.pilot_id, pilots_run.trigger, pilots_run.payload,
                              old.started_at is not null as resumed)
                select r.id, r.org_id, r.pilot_id, r.trigger, r.payload::text as payload, r.resumed, p.steps::text as steps
                from r join pilots_pilot p on p.id = r.pilot_id""")
                .params(id, Timestamp.from(now)).query(Execution.class).optional();
    }

    /** One step's record, written with {@link #record}. */
    record StepRecord(int position, String name, String kind, String status, String input, String output, String error,
                      Instant started, Instant finished) {}

    /**
     * Writes step records (a retried step replaces its earlier record) and, when {@code status} is given, finishes
     * the run, in one statement.
     */
    void record(UUID run, UUID org, List<StepRecord> steps, String status, String error, Instant finished) {
        int n = steps.size();
        Integer[] position = new Integer[n];
        String[] name = new String[n], kind = new String[n], state = new String[n], input = new String[n],
                output = new String[n], problem = new String[n], started = new String[n], ended = new String[n];
        for (int i = 0; i < n; i++) {
            StepRecord s = steps.get(i);
            position[i] = s.position();
            name[i] = s.name();
            kind[i] = s.kind();
            state[i] = s.status();
            input[i] = s.input();
            output[i] = s.output();
            problem[i] = s.error();
            started[i] = s.started().toString();
            ended[i] = s.finished().toString();
        }
        relaxed.sql("""
                with steps as (
                    insert into pilots_step_run (run_id, org_id, position, name, kind, status, input, output, error,
                                                 started_at, finished_at)
                    select ?, ?, s.* from unnest(cast(? as integer[]), cast(? as text[]), cast(? as text[]),
                           cast(? as text[]), cast(? as jsonb[]), cast(? as jsonb[]), cast(? as text[]),
                           cast(? as timestamptz[]), cast(? as timestamptz[])) as s
                    on conflict (run_id, position) do update set status = excluded.status, input = excluded.input,
                        output = excluded.output, error = excluded.error, started_at = excluded.started_at,
                        finished_at = excluded.finished_at)
                update pilots_run set status = ?, error = ?, finished_at = ?
                where id = ? and cast(? as text) is not null""")
                .params(run, org, position, name, kind, state, input, output, problem, started, ended,
                        status, error, finished == null ? null : Timestamp.from(finished), run, status)
                .update();
    }

    /** A run's Pilot, and the Pilots that called it, outermost first (empty for a run no Pilot called). */
    record CallChain(UUID pilot, List<UUID> callers) {}

    Optional<CallChain> callChain(UUID run) {
        return jdbc.sql("select pilot_id, call_chain from pilots_run where id = ?").param(run)
                .query((rs, i) -> new CallChain(rs.getObject(1, UUID.class),
                        List.of((UUID[]) rs.getArray(2).getArray()))).optional();
    }

    /** Inserts the run a step calls, once: false when it already exists (the step looked again). */
    boolean insertCall(UUID id, UUID org, UUID pilot, String payload, UUID caller, List<UUID> chain) {
        return jdbc.sql("""
                insert into pilots_run (id, org_id, pilot_id, status, trigger, payload, caller_run_id, call_chain)
                values (?, ?, ?, 'QUEUED', 'PILOT', cast(? as jsonb), ?, cast(? as uuid[]))
                on conflict (id) do nothing""")
                .params(id, org, pilot, payload, caller, chain.stream().map(UUID::toString).toArray(String[]::new))
                .update() == 1;
    }

    /** A called run as the calling step sees it: its status, error, when it was made, and its steps' outputs. */
    record Called(String status, String error, java.time.Instant createdAt, java.util.Map<String, String> outputs, String last) {}

    Optional<Called> called(UUID org, UUID id) {
        var run = jdbc.sql("select status, error, created_at from pilots_run where org_id = ? and id = ?").params(org, id)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()}).optional();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        String[] last = {null};
        jdbc.sql("""
                select name, output::text from pilots_step_run where run_id = ? and status = 'SUCCEEDED' order by position""")
                .param(id).query((rs, i) -> {
                    outputs.put(rs.getString(1), rs.getString(2));
                    last[0] = rs.getString(2);
                    return null;
                }).list();
        Object[] r = run.get();
        return Optional.of(new Called((String) r[0], (String) r[1], (java.time.Instant) r[2], outputs, last[0]));
    }
}

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

    List<StepRow> steps(OrgId org, UUID run) {
        return jdbc.sql("""
                select position, name, kind, status, input::text as input, output::text as output, error, started_at, finished_at
                from pilots_step_run where org_id = ? and run_id = ? order by position""")
                .params(org.value(), run).query(StepRow.class).list();
    }

    boolean start(UUID id, Instant now) {
        return relaxed.sql("""
                update pilots_run set status = 'RUNNING', started_at = coalesce(started_at, ?)
                where id = ? and status in ('QUEUED', 'RUNNING')""").params(Timestamp.from(now), id).update() == 1;
    }

    void finish(UUID id, String status, String error, Instant now) {
        relaxed.sql("update pilots_run set status = ?, error = ?, finished_at = ? where id = ?")
                .params(status, error, Timestamp.from(now), id).update();
    }

    void recordStep(UUID run, UUID org, int position, String name, String kind, String status, String input,
                    String output, String error, Instant started, Instant finished) {
        relaxed.sql("""
                insert into pilots_step_run (run_id, org_id, position, name, kind, status, input, output, error, started_at, finished_at)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
                on conflict (run_id, position) do update set status = excluded.status, input = excluded.input,
                    output = excluded.output, error = excluded.error, started_at = excluded.started_at,
                    finished_at = excluded.finished_at""")
                .params(run, org, position, name, kind, status, input, output, error, Timestamp.from(started),
                        Timestamp.from(finished))
                .update();
    }

    /** Outputs of the steps already done, for a run that resumes after a delay or a retry. */
    List<StepRow> finishedSteps(UUID run) {
        return relaxed.sql("""
                select position, name, kind, status, null as input, output::text as output, error, started_at, finished_at
                from pilots_step_run where run_id = ? and status = 'SUCCEEDED' order by position""")
                .param(run).query(StepRow.class).list();
    }

    Optional<RunRow> findForExecution(UUID id) {
        return jdbc.sql("""
                select id, org_id, pilot_id, status, trigger, payload::text as payload, error, created_at, started_at, finished_at
                from pilots_run where id = ?""").param(id).query(RunRow.class).optional();
    }
}

package dev.charter.jobs.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobQueue.JobStatus;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import dev.charter.storage.RelaxedJdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the queue. Claiming is one statement: due or lease-expired rows, SKIP LOCKED. */
@Repository
class JobRepository {

    private final JdbcClient jdbc;
    /** Writes a crash may lose because re-running repairs them (see RelaxedJdbc). */
    private final JdbcClient relaxed;

    JobRepository(JdbcClient jdbc, RelaxedJdbc relaxed) {
        this.jdbc = jdbc;
        this.relaxed = relaxed.client();
    }

    boolean insert(UUID id, NewJob job, Instant runAt) {
        return jdbc.sql("""
                insert into jobs_job (id, org_id, subject_id, queue, payload, max_attempts, run_at, dedupe_key)
                values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
                on conflict do nothing""")
                .params(id, job.org().value(), job.subject() == null ? null : job.subject().value(), job.queue(),
                        job.payload(), job.maxAttempts(), Timestamp.from(runAt), job.dedupeKey())
                .update() == 1;
    }

    /**
     * Inserts many jobs with one statement (one round trip, one plan), for batches of deliveries.
     *
     * @return the ids that were inserted; a job whose dedupe key exists is skipped
     */
    Set<UUID> insertAll(List<UUID> ids, List<NewJob> jobs, Instant now) {
        int n = jobs.size();
        String[] id = new String[n], org = new String[n], subject = new String[n], queue = new String[n],
                payload = new String[n], runAt = new String[n], dedupe = new String[n];
        Integer[] attempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            id[i] = ids.get(i).toString();
            org[i] = job.org().value().toString();
            subject[i] = job.subject() == null ? null : job.subject().value().toString();
            queue[i] = job.queue();
            payload[i] = job.payload();
            attempts[i] = job.maxAttempts();
            runAt[i] = (job.runAt() == null ? now : job.runAt()).toString();
            dedupe[i] = job.dedupeKey();
        }
        return new HashSet<>(jdbc.sql("""
                insert into jobs_job (id, org_id, subject_id, queue, payload, max_attempts, run_at, dedupe_key)
                select * from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]),
                                     cast(? as jsonb[]), cast(? as integer[]), cast(? as timestamptz[]), cast(? as text[]))
                on conflict do nothing
                returning id""")
                .params(id, org, subject, queue, payload, attempts, runAt, dedupe)
                .query(UUID.class).list());
    }

    List<Job> claim(Collection<String> queues, int limit, String node, Instant now, Instant lockedUntil) {
        return relaxed.sql("""
                with next as (
                    select id from jobs_job
                    where queue = any(?) and run_at <= ?
                      and (status = 'QUEUED' or (status = 'RUNNING' and locked_until < ? and attempts < max_attempts))
                    order by run_at
                    limit ?
                    for update skip locked)
                update jobs_job j
                set status = 'RUNNING', attempts = j.attempts + 1, locked_by = ?, locked_until = ?
                from next where j.id = next.id
                returning j.id, j.org_id, j.queue, j.payload::text as payload, j.attempts, j.max_attempts, j.created_at""")
                .params(queues.toArray(String[]::new), Timestamp.from(now), Timestamp.from(now), limit, node,
                        Timestamp.from(lockedUntil))
                .query((rs, i) -> new Job(rs.getObject(1, UUID.class), new OrgId(rs.getObject(2, UUID.class)),
                        rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    boolean succeed(UUID id, String node, Instant now) {
        return relaxed.sql("""
                update jobs_job set status = 'SUCCEEDED', finished_at = ?, locked_by = null, locked_until = null,
                       last_error = null
                where id = ? and locked_by = ? and status = 'RUNNING'""")
                .params(Timestamp.from(now), id, node).update() == 1;
    }

    boolean retry(UUID id, String node, Instant runAt, String error) {
        return relaxed.sql("""
                update jobs_job set status = 'QUEUED', run_at = ?, locked_by = null, locked_until = null, last_error = ?
                where id = ? and locked_by = ? and status = 'RUNNING'""")
                .params(Timestamp.from(runAt), error, id, node).update() == 1;
    }

    boolean dead(UUID id, String node, Instant now, String error) {
        return relaxed.sql("""
                update jobs_job set status = 'DEAD', finished_at = ?, locked_by = null, locked_until = null, last_error = ?
                where id = ? and locked_by = ? and status = 'RUNNING'""")
                .params(Timestamp.from(now), error, id, node).update() == 1;
    }

    /**
     * Extends the lease of jobs this node is still running, so a handler that works longer than one lease (an agent
     * session, a long sync) is not taken over by another node while it is alive. A node that dies stops renewing.
     */
    int renew(Collection<UUID> ids, String node, Instant lockedUntil) {
        if (ids.isEmpty()) {
            return 0;
        }
        return relaxed.sql("""
                update jobs_job set locked_until = ?
                where id = any(?) and locked_by = ? and status = 'RUNNING'""")
                .params(Timestamp.from(lockedUntil), ids.toArray(UUID[]::new), node).update();
    }

    /** Jobs whose lease ran out on their last attempt: the node died holding them, nobody may retry. */
    int buryExpired(Instant now) {
        return relaxed.sql("""
                update jobs_job set status = 'DEAD', finished_at = ?, locked_by = null, locked_until = null,
                       last_error = 'lease expired on the last attempt (the node running it stopped)'
                where status = 'RUNNING' and locked_until < ? and attempts >= max_attempts""")
                .params(Timestamp.from(now), Timestamp.from(now)).update();
    }

    Map<JobStatus, Long> counts(OrgId org) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select status, count(*) from jobs_job where org_id = ? group by status").param(org.value())
                .query((rs, i) -> counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }

    Optional<JobStatus> status(OrgId org, UUID id) {
        return jdbc.sql("select status from jobs_job where org_id = ? and id = ?").params(org.value(), id)
                .query(String.class).optional().map(JobStatus::valueOf);
    }

    long depth(String queue) {
        return jdbc.sql("select count(*) from jobs_job where queue = ? and status = 'QUEUED'").param(queue)
                .query(Long.class).single();
    }
}

package dev.charter.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.CharterApplication;
import dev.charter.jobs.JobQueue.JobStatus;
import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@CharterTest
@Import(RecordingHandlers.class)
@TestPropertySource(properties = {"charter.jobs.backoff-base=50ms", "charter.jobs.poll-interval=100ms",
        "charter.jobs.lease=600ms"})
class JobQueueTest {

    @LocalServerPort int port;
    @Autowired JobQueue queue;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired DatabaseTarget database;

    @Test
    void aJobRunsOnceAndFinishes() {
        OrgId org = Tenant.signUp(port).org();
        UUID id = queue.enqueue(NewJob.of(org, "test.ok", "{\"n\":1}")).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.status(org, id).orElseThrow() == JobStatus.SUCCEEDED);
        assertThat(RecordingHandlers.runs.get(id).get()).isEqualTo(1);
        assertThat(jdbc.sql("select finished_at is not null from jobs_job where id = ?").param(id).query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void aJobEnqueuedInARolledBackTransactionNeverExists() {
        OrgId org = Tenant.signUp(port).org();
        List<UUID> ids = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            ids.add(queue.enqueue(NewJob.of(org, "test.ok", "{}")).orElseThrow());
            status.setRollbackOnly();
        });
        assertThat(queue.status(org, ids.get(0))).isEmpty();
    }

    @Test
    void failuresRetryWithBackoffThenSucceedOrDie() {
        OrgId org = Tenant.signUp(port).org();
        UUID third = queue.enqueue(NewJob.of(org, "test.flaky", "{\"succeedOn\":3}").attempts(5)).orElseThrow();
        UUID never = queue.enqueue(NewJob.of(org, "test.flaky", "{\"succeedOn\":9}").attempts(3)).orElseThrow();
        UUID broken = queue.enqueue(NewJob.of(org, "test.broken", "{}").attempts(5)).orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.status(org, third).orElseThrow() == JobStatus.SUCCEEDED
                && queue.status(org, never).orElseThrow() == JobStatus.DEAD
                && queue.status(org, broken).orElseThrow() == JobStatus.DEAD);
        assertThat(RecordingHandlers.runs.get(third).get()).isEqualTo(3);
        assertThat(RecordingHandlers.runs.get(never).get()).isEqualTo(3);
        assertThat(RecordingHandlers.runs.get(broken).get()).as("a permanent failure is not retried").isEqualTo(1);
        assertThat(jdbc.sql("select last_error from jobs_job where id = ?").param(never).query(String.class).single())
                .contains("attempt 3 fails on purpose");
    }

    @Test
    void aJobHeldByADeadNodeReturnsWhenItsLeaseExpires() {
        OrgId org = Tenant.signUp(port).org();
        UUID id = UUID.randomUUID();
        // a node that claimed the job and died: RUNNING, locked by someone else, lease already over
        jdbc.sql("""
                insert into jobs_job (id, org_id, queue, payload, status, attempts, max_attempts, run_at, locked_by, locked_until)
                values (?, ?, 'test.ok', '{}'::jsonb, 'RUNNING', 1, 3, now(), 'dead-node', ?)""")
                .params(id, org.value(), Timestamp.from(Instant.now().minusSeconds(1))).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.status(org, id).orElseThrow() == JobStatus.SUCCEEDED);
        assertThat(RecordingHandlers.runs.get(id).get()).isEqualTo(1);
        assertThat(jdbc.sql("select attempts from jobs_job where id = ?").param(id).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aJobRunningLongerThanItsLeaseKeepsItWhileItsNodeLives() {
        OrgId org = Tenant.signUp(port).org();
        RecordingHandlers.slowDone = new java.util.concurrent.CountDownLatch(1);
        // one attempt: without renewal the lease (600 ms) runs out mid-work and the job is buried as if its node had died
        UUID id = queue.enqueue(NewJob.of(org, "test.slow", "{}").attempts(1)).orElseThrow();
        String lease = "select locked_until from jobs_job where id = ? and status = 'RUNNING'";
        await().atMost(Duration.ofSeconds(10)).until(() -> !jdbc.sql(lease).param(id).query(Timestamp.class).list().isEmpty());
        Instant first = jdbc.sql(lease).param(id).query(Timestamp.class).single().toInstant();
        // still running, with its lease moved on, well after the first lease ran out
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(first.plusSeconds(1))
                && jdbc.sql(lease).param(id).query(Timestamp.class).list().stream()
                        .anyMatch(t -> t.toInstant().isAfter(first.plusSeconds(1))));
        RecordingHandlers.slowDone.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.status(org, id).orElseThrow() == JobStatus.SUCCEEDED);
        assertThat(RecordingHandlers.runs.get(id).get()).isEqualTo(1);
    }

    @Test
    void twoNodesOnOneDatabaseRunEachJobOnce() {
        OrgId org = Tenant.signUp(port).org();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CharterApplication.class, RecordingHandlers.class)
                .profiles("test")
                .properties("server.port=0", "charter.jobs.poll-interval=100ms", "spring.application.name=second-node")
                .run(dev.charter.testing.SecondNode.databaseArgs(database).toArray(String[]::new))) {
            second.setId("second-node");
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(queue.enqueue(NewJob.of(org, "test.ok", "{\"i\":" + i + "}")).orElseThrow());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> queue.status(org, id).orElseThrow() == JobStatus.SUCCEEDED));
            assertThat(ids).allSatisfy(id -> assertThat(RecordingHandlers.runs.get(id).get()).isEqualTo(1));
            long byBoth = ids.stream().flatMap(id -> RecordingHandlers.nodes.get(id).stream()).distinct().count();
            assertThat(byBoth).as("nodes that ran jobs").isBetween(1L, 2L);
        }
    }

    @Test
    void dedupeKeysKeepOneJob() {
        OrgId org = Tenant.signUp(port).org();
        String key = "once-" + UUID.randomUUID();
        assertThat(queue.enqueue(NewJob.of(org, "test.ok", "{}").dedupe(key))).isPresent();
        assertThat(queue.enqueue(NewJob.of(org, "test.ok", "{}").dedupe(key))).isEmpty();
    }
}

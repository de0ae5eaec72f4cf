package dev.charter.perfcases.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.perfcases.TelemetryConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * New versions are noticed from the telemetry on a schedule, never pushed (PRF-8): every tick, each active
 * connection whose check interval has passed gets one detection job on the durable queue (claimed by exactly one
 * node), and the job runs the pass as the system.
 */
@Component
class DetectionSchedule implements JobHandler {

    static final String QUEUE = "perfcases.detect";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DetectionSchedule.class);

    private final TelemetryConnectionRepository connections;
    private final DetectionPass pass;
    private final JobQueue jobs;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final tools.jackson.databind.json.JsonMapper json;

    DetectionSchedule(TelemetryConnectionRepository connections, DetectionPass pass, JobQueue jobs, Clock clock,
                      PlatformTransactionManager transactions, tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.connections = connections;
        this.pass = pass;
        this.jobs = jobs;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${charter.perfcases.schedule-check:PT1S}", initialDelayString = "PT5S")
    void enqueueDue() {
        Instant now = clock.instant();
        for (TelemetryConnection c : connections.dueForPass(now, 100)) {
            tx.executeWithoutResult(s -> {
                if (connections.claimPass(c.org(), c.id(), c.lastPassAt(), now)) {
                    jobs.enqueue(NewJob.of(c.org(), QUEUE, "{\"connection\":\"" + c.id() + "\"}").attempts(1)
                            .dedupe(c.id() + "@" + now.getEpochSecond()));
                }
            });
        }
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public int concurrency() {
        return 2;
    }

    @Override
    public void handle(Job job) {
        UUID id = UUID.fromString(json.readTree(job.payload()).path("connection").asString());
        connections.find(job.org(), id).filter(TelemetryConnection::active).ifPresent(c -> {
            try {
                pass.run(c, null);
            } catch (RuntimeException e) {
                // the next due tick tries again; the message names no credential (egress and the client say why in words)
                log.warn("Perf cases pass over connection {} failed: {}", c.id(), e.getMessage());
            }
        });
    }

}

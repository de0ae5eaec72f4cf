package dev.charter.reviews.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Syncs on the durable job queue: every tick, each scheduled sync whose next run is due is queued once (the
 * conditional state change lets one node win), and a worker runs its pass as the system. A pass that waits for a
 * provider's rate limit is queued again by the pass itself, for when the provider allows it.
 */
@Component
class SyncJobs implements JobHandler {

    static final String QUEUE = "reviews.sync";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyncJobs.class);

    private final SyncRepository syncs;
    private final WorkSignalService service;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    SyncJobs(SyncRepository syncs, WorkSignalService service, Clock clock, PlatformTransactionManager transactions,
             JsonMapper json) {
        this.syncs = syncs;
        this.service = service;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
    }

    @Scheduled(fixedDelayString = "${charter.reviews.sync-check:PT5S}", initialDelayString = "PT5S")
    void enqueueDue() {
        Instant now = clock.instant();
        for (SyncRepository.Row row : syncs.due(now, 100)) {
            tx.executeWithoutResult(s -> service.enqueue(row.org(), row.id(), now));
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
        UUID sync = UUID.fromString(json.readTree(job.payload()).path("sync").asString());
        try {
            service.runQueued(job.org(), sync);
        } catch (RuntimeException e) {
            // the pass recorded its failure on the sync; the message names no credential
            log.warn("Reviews sync {} failed: {}", sync, e.getMessage());
        }
    }
}

package dev.charter.crews.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads each crew's support mailbox every {@code checkEverySeconds}: a tick claims the mailboxes whose interval has
 * passed (one node wins each claim) and puts one check each on the durable job queue ({@code crews.mail}).
 */
@Component
class CrewMailSchedule implements JobHandler {

    static final String QUEUE = "crews.mail";

    private final CrewMailboxRepository mailboxes;
    private final CrewMailboxes checks;
    private final JobQueue jobs;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    CrewMailSchedule(CrewMailboxRepository mailboxes, CrewMailboxes checks, JobQueue jobs, Clock clock,
                     PlatformTransactionManager transactions, JsonMapper json) {
        this.mailboxes = mailboxes;
        this.checks = checks;
        this.jobs = jobs;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
    }

    @Scheduled(fixedDelayString = "${charter.crews.mail-check:PT2S}", initialDelayString = "PT5S")
    void enqueueDue() {
        Instant now = clock.instant();
        for (CrewMailboxRepository.Row m : mailboxes.due(now, 100)) {
            OrgId org = new OrgId(m.orgId());
            tx.executeWithoutResult(s -> {
                if (mailboxes.claim(org, m.crewId(), m.lastCheckAt(), now)) {
                    jobs.enqueue(NewJob.of(org, QUEUE, "{\"crew\":\"" + m.crewId() + "\"}").attempts(1)
                            .dedupe(m.crewId() + "@" + now.getEpochSecond()));
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
        UUID crew = UUID.fromString(json.readTree(job.payload()).path("crew").asString());
        mailboxes.find(job.org(), crew).ifPresent(checks::check);
    }
}

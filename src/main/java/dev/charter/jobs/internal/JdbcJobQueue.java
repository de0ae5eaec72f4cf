package dev.charter.jobs.internal;

import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class JdbcJobQueue implements JobQueue {

    private final JobRepository repo;
    private final QueueNotifications notifications;
    private final Clock clock;

    JdbcJobQueue(JobRepository repo, QueueNotifications notifications, Clock clock) {
        this.repo = repo;
        this.notifications = notifications;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Optional<UUID> enqueue(NewJob job) {
        UUID id = UUID.randomUUID();
        if (!repo.insert(id, job, job.runAt() == null ? clock.instant() : job.runAt())) {
            return Optional.empty();
        }
        // wake this node's workers once the job is visible; other nodes find it by polling
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    notifications.wake(job.queue());
                }
            });
        } else {
            notifications.wake(job.queue());
        }
        return Optional.of(id);
    }

    @Override
    public Map<JobStatus, Long> counts(OrgId org) {
        return repo.counts(org);
    }

    @Override
    public Optional<JobStatus> status(OrgId org, UUID job) {
        return repo.status(org, job);
    }
}

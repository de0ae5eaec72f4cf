package dev.charter.jobs.internal;

import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        wakeAfterCommit(List.of(job.queue()));
        return Optional.of(id);
    }

    @Override
    @Transactional
    public List<Optional<UUID>> enqueueAll(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = jobs.stream().map(j -> UUID.randomUUID()).toList();
        Set<UUID> inserted = repo.insertAll(ids, jobs, clock.instant());
        wakeAfterCommit(jobs.stream().map(NewJob::queue).distinct().toList());
        return ids.stream().map(id -> inserted.contains(id) ? Optional.of(id) : Optional.<UUID>empty()).toList();
    }

    /** Wakes this node's workers once the jobs are visible; other nodes find them by polling. */
    private void wakeAfterCommit(List<String> queues) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    queues.forEach(notifications::wake);
                }
            });
        } else {
            queues.forEach(notifications::wake);
        }
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

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

@Service
class JdbcJobQueue implements JobQueue {

    private final JobRepository repo;
    private final Clock clock;

    JdbcJobQueue(JobRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Optional<UUID> enqueue(NewJob job) {
        UUID id = UUID.randomUUID();
        if (!repo.insert(id, job, job.runAt() == null ? clock.instant() : job.runAt())) {
            return Optional.empty();
        }
        // delivered by PostgreSQL when the transaction commits, never before
        repo.notifyQueue(job.queue());
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

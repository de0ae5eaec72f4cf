package dev.charter.jobs;

import dev.charter.shared.OrgId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Enqueues jobs and answers questions about them. */
public interface JobQueue {

    /**
     * Adds a job in the caller's transaction and wakes the workers when it commits.
     *
     * @return the job's id, or empty when a job with the same queue and dedupe key exists
     */
    Optional<UUID> enqueue(NewJob job);

    /** Job counts per status for one organization. */
    Map<JobStatus, Long> counts(OrgId org);

    Optional<JobStatus> status(OrgId org, UUID job);

    enum JobStatus { QUEUED, RUNNING, SUCCEEDED, DEAD }
}

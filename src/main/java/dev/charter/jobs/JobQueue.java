package dev.charter.jobs;

import dev.charter.shared.OrgId;
import java.util.List;
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

    /**
     * Adds several jobs with one statement in the caller's transaction and wakes the workers when it
     * commits: the way to enqueue many jobs at once, such as a batch of accepted deliveries.
     *
     * @return each job's id, in the order given, or empty where a job with the same queue and dedupe key exists
     */
    List<Optional<UUID>> enqueueAll(List<NewJob> jobs);

    /** Job counts per status for one organization. */
    Map<JobStatus, Long> counts(OrgId org);

    Optional<JobStatus> status(OrgId org, UUID job);

    enum JobStatus { QUEUED, RUNNING, SUCCEEDED, DEAD }
}

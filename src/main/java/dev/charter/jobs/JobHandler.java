package dev.charter.jobs;

/**
 * Runs the jobs of one queue. Declare a bean; every node runs handlers for the queues it knows.
 * Throwing retries the job with exponential backoff until its last attempt, then marks it dead.
 * Throw {@link PermanentJobFailure} to mark it dead at once.
 */
public interface JobHandler {

    String queue();

    void handle(Job job) throws Exception;

    /** How many jobs of this queue one node runs at once. */
    default int concurrency() {
        return 8;
    }
}

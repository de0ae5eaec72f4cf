package dev.charter.jobs;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.UUID;

/**
 * A claimed job as its handler sees it.
 *
 * @param attempt 1 for the first try, 2 for the first retry, …
 */
public record Job(UUID id, OrgId org, String queue, String payload, int attempt, int maxAttempts, Instant createdAt) {

    /** A key that stays the same across retries of this job, for idempotent side effects. */
    public String idempotencyKey() {
        return id.toString();
    }

    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }
}

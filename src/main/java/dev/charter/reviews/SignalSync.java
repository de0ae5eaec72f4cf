package dev.charter.reviews;

import dev.charter.connectors.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One scope of a connected tool kept in sync: a repository, a JQL filter, a Slack channel or a Gmail search.
 *
 * @param every         how often it runs by itself, or null when it runs only on demand
 * @param state         {@code IDLE}, {@code QUEUED}, {@code RUNNING}, {@code WAITING} (for a provider's rate limit,
 *                      until {@code retryAt}) or {@code FAILED} (see {@code lastError}; the next run resumes)
 * @param signals       signals stored by every pass so far
 * @param passPages     pages read by the pass in progress (or the last one)
 * @param passSignals   signals stored by the pass in progress (or the last one)
 * @param inProgress    whether a pass stopped part way and the next run goes on from its page
 */
public record SignalSync(UUID id, ConnectionId connectionId, String scope, Duration every, String state, long signals,
                         int passPages, long passSignals, boolean inProgress, String lastError, Instant retryAt,
                         Instant nextRunAt, Instant lastFinishedAt, Instant updatedAt) {
}

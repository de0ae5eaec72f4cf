package dev.charter.jobs;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A job to enqueue.
 *
 * @param org         the organization it works for (deleted with it)
 * @param subject     the person whose data it carries, if any (deleted with their account), may be null
 * @param queue       the handler's queue name, for example {@code pilots.run}
 * @param payload     JSON text the handler reads; may hold trigger payloads, so finished jobs are purged
 * @param runAt       not before this instant; null means now
 * @param maxAttempts attempts before the job is marked dead
 * @param dedupeKey   optional: a second job with the same queue and key is not enqueued
 */
public record NewJob(OrgId org, UserId subject, String queue, String payload, Instant runAt, int maxAttempts,
                     String dedupeKey) {

    public NewJob {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(payload, "payload");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static NewJob of(OrgId org, String queue, String payload) {
        return new NewJob(org, null, queue, payload, null, 5, null);
    }

    public NewJob subject(UserId user) {
        return new NewJob(org, user, queue, payload, runAt, maxAttempts, dedupeKey);
    }

    public NewJob at(Instant when) {
        return new NewJob(org, subject, queue, payload, when, maxAttempts, dedupeKey);
    }

    public NewJob attempts(int max) {
        return new NewJob(org, subject, queue, payload, runAt, max, dedupeKey);
    }

    public NewJob dedupe(String key) {
        return new NewJob(org, subject, queue, payload, runAt, maxAttempts, key);
    }
}

package dev.charter.reviews.internal;

import dev.charter.egress.EgressResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a provider lets Charter ask again, read from its answer as each documents it:
 * <ul>
 *   <li>HTTP 429 (Slack's tiers, Jira Cloud, GitHub's secondary limits) and 503 with {@code Retry-After}, in seconds
 *       or as an HTTP date;</li>
 *   <li>GitHub's primary limit: 403 or 429 with {@code x-ratelimit-remaining: 0}, until {@code x-ratelimit-reset}
 *       (epoch seconds); GitHub's secondary limit: 403 with {@code Retry-After};</li>
 *   <li>a successful answer with {@code x-ratelimit-remaining: 0}: the next request would be refused, so wait for the
 *       reset first.</li>
 * </ul>
 * Waits are kept between one second and one hour (GitHub's window); an answer without a hint waits a minute.
 */
final class RateLimits {

    static final Duration MIN_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofHours(1);
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    private RateLimits() {}

    /** When to ask again after this refusal, or null when the answer is not a rate limit. */
    static Instant retryAt(EgressResponse r, Instant now) {
        int status = r.status();
        boolean exhausted = "0".equals(trim(r.header("x-ratelimit-remaining")));
        Instant after = retryAfter(r.header("Retry-After"), now);
        if (status == 429 || (status == 403 && (exhausted || after != null)) || (status == 503 && after != null)) {
            if (after != null) {
                return clamp(after, now);
            }
            Instant reset = reset(r, now);
            return clamp(reset != null ? reset : now.plus(DEFAULT_WAIT), now);
        }
        return null;
    }

    /** After a successful answer: when its limit resets if it left no requests, else null. */
    static Instant exhaustedUntil(EgressResponse r, Instant now) {
        if (!r.isSuccess() || !"0".equals(trim(r.header("x-ratelimit-remaining")))) {
            return null;
        }
        Instant reset = reset(r, now);
        return reset == null || !reset.isAfter(now) ? null : clamp(reset, now);
    }

    private static Instant reset(EgressResponse r, Instant now) {
        String v = trim(r.header("x-ratelimit-reset"));
        if (v == null || !v.matches("\\d{1,12}")) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(v));
    }

    private static Instant retryAfter(String v, Instant now) {
        v = trim(v);
        if (v == null) {
            return null;
        }
        if (v.matches("\\d{1,9}")) {
            return now.plusSeconds(Long.parseLong(v));
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant clamp(Instant at, Instant now) {
        if (at.isBefore(now.plus(MIN_WAIT))) {
            return now.plus(MIN_WAIT);
        }
        return at.isAfter(now.plus(MAX_WAIT)) ? now.plus(MAX_WAIT) : at;
    }

    private static String trim(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}

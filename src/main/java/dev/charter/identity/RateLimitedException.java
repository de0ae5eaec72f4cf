package dev.charter.identity;

import java.time.Duration;

/** Too many attempts; answered 429 with a Retry-After header (ACC-4). */
public class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    public RateLimitedException(String what, Duration retryAfter) {
        super("Too many " + what + " attempts. Try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.");
        this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}

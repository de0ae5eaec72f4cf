package dev.charter.ai;

import java.time.Duration;
import java.util.Objects;

/**
 * The model did not answer. {@link #reason()} says why in words a person can act on; it never contains the
 * instruction, the data or a key. {@link #retryable()} tells a workflow whether trying again later may help.
 * The gateway never falls back silently to another provider: a step that was meant for the organization's model
 * fails rather than sending its data somewhere else or answering with a different kind of output.
 */
public class AiFailedException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The organization spent its daily token budget. */
        BUDGET_EXHAUSTED(false),
        /** The provider refused the key (401, 403) or the account cannot pay (402). */
        KEY_REFUSED(false),
        /** The provider refused the request as invalid (400, 404, 413). */
        REQUEST_REFUSED(false),
        /** Too many requests (429). */
        RATE_LIMITED(true),
        /** The provider is overloaded or failed (500, 529 and other 5xx). */
        PROVIDER_UNAVAILABLE(true),
        /** No answer within the timeout. */
        TIMEOUT(true),
        /** The egress gateway refused the request (policy, address, DLP); the reason says what to change. */
        EGRESS_DENIED(false),
        /** The answer could not be read. */
        BAD_ANSWER(true),
        /** The model still asked for a tool after the request's last tool round. */
        TOOL_ROUNDS_EXHAUSTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public AiFailedException(Kind kind, String reason) {
        this(kind, reason, null, null);
    }

    public AiFailedException(Kind kind, String reason, Duration retryAfter, Throwable cause) {
        super(reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return getMessage();
    }

    public boolean retryable() {
        return kind.retryable;
    }

    /** When the provider said to try again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

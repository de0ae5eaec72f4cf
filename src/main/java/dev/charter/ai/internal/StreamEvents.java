package dev.charter.ai.internal;

/**
 * What a model API's stream reader reports while it reads ({@link ModelApi#readStream}): pieces of the answer, the
 * model, the tokens the provider reported, why the model stopped. The receiver may stop the stream by throwing
 * {@link Cut}.
 */
interface StreamEvents {

    void model(String model);

    /** A piece of the answer's text. */
    void text(String piece);

    /** Tokens as the provider reported them so far; null for a count it did not report. */
    void usage(Long inputTokens, Long outputTokens);

    /** The provider's reason for stopping ({@code end_turn}, {@code max_tokens}, {@code stop}, {@code length}). */
    void stop(String reason, boolean atTokenLimit);

    /** Thrown by the receiver to stop reading at one of its limits. */
    final class Cut extends RuntimeException {
        Cut() {
            super(null, null, false, false);
        }
    }
}

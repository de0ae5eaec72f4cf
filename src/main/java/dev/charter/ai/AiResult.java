package dev.charter.ai;

import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A model's (or the local fallback's) answer.
 *
 * @param text            the answer as text
 * @param json            the answer as JSON: the local fallback's structured output, or the model's text when it is
 *                        a JSON object or array; null otherwise
 * @param provider        who produced it
 * @param producedLocally true when nothing left the server ({@link AiProvider#LOCAL})
 * @param model           the model that answered, or {@code charter-local/<task>} for the fallback
 * @param task            the local task that ran, or null for a model
 * @param usage           tokens spent
 * @param latency         time from the request to the answer
 * @param truncated       true when the answer stopped at the output-token limit
 */
public record AiResult(String text, JsonNode json, AiProvider provider, boolean producedLocally, String model,
                       AiTask task, Usage usage, Duration latency, boolean truncated) {

    public AiResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(usage, "usage");
        if (producedLocally != (provider == AiProvider.LOCAL)) {
            throw new IllegalArgumentException("producedLocally is true exactly for the local provider");
        }
    }

    /**
     * Tokens of one request.
     *
     * @param estimated true when counted by Charter (the local fallback: about four characters a token), false when
     *                  reported by the model's provider
     */
    public record Usage(long inputTokens, long outputTokens, boolean estimated) {
        public long total() {
            return inputTokens + outputTokens;
        }
    }

    /** Sizes only, like {@link AiRequest#toString()}. */
    @Override
    public String toString() {
        return "AiResult[" + provider + ", model=" + model + ", text=" + text.length() + " chars, tokens="
                + usage.inputTokens() + "/" + usage.outputTokens() + ", " + (latency == null ? "" : latency.toMillis() + " ms") + "]";
    }
}

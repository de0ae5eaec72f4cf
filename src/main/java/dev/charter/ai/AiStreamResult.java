package dev.charter.ai;

import java.util.Objects;

/**
 * How a streamed answer ended ({@link AiGateway#stream}).
 *
 * @param result the whole answer as it was streamed (its text is every piece, in order), usage and latency
 * @param end    why the stream ended: complete, or cut at one of its limits
 */
public record AiStreamResult(AiResult result, End end) {

    /** Why a stream ended. Everything but {@link #COMPLETE} is a cut: the answer stops there. */
    public enum End {
        /** The model finished its answer. */
        COMPLETE("The answer is complete."),
        /** The request's output token limit was reached (the model stopped there, or Charter cut it). */
        OUTPUT_LIMIT("The answer was cut at the request's output token limit."),
        /** What remained of the organization's daily token budget was reached. */
        BUDGET_LIMIT("The answer was cut where the organization's daily token budget ran out."),
        /** The most bytes a model's answer may have were reached. */
        SIZE_LIMIT("The answer was cut at the most bytes a model's answer may have."),
        /** The request's timeout passed while the answer was still arriving. */
        TIME_LIMIT("The answer was cut when the request's time ran out.");

        private final String message;

        End(String message) {
            this.message = message;
        }

        /** What a person reading the answer should know about its end. */
        public String message() {
            return message;
        }
    }

    public AiStreamResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(end, "end");
    }

    public boolean cut() {
        return end != End.COMPLETE;
    }
}

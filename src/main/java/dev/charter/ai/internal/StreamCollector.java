package dev.charter.ai.internal;

import dev.charter.ai.AiStreamResult;
import java.util.function.Consumer;

/**
 * Collects a streamed answer while it arrives and hands each piece on, cutting the stream ({@link StreamEvents.Cut})
 * once the answer passes its output limit at about four characters a token (the same estimate the budget check
 * uses), for a provider that does not stop there itself.
 */
final class StreamCollector implements StreamEvents {

    private final StringBuilder text = new StringBuilder();
    private final long maxChars;
    private final AiStreamResult.End atLimit;
    private final Consumer<String> pieces;
    private String model;
    private Long inputTokens;
    private Long outputTokens;
    private AiStreamResult.End end = AiStreamResult.End.COMPLETE;

    /**
     * @param maxTokens the output tokens this answer may have
     * @param atLimit   what reaching them means: the request's limit, or the end of the day's budget
     */
    StreamCollector(int maxTokens, AiStreamResult.End atLimit, Consumer<String> pieces) {
        this.maxChars = 4L * maxTokens;
        this.atLimit = atLimit;
        this.pieces = pieces;
    }

    @Override
    public void model(String model) {
        if (model != null) {
            this.model = model;
        }
    }

    @Override
    public void text(String piece) {
        if (text.length() + (long) piece.length() > maxChars) {
            int room = (int) (maxChars - text.length());
            if (room > 0 && Character.isHighSurrogate(piece.charAt(room - 1))) {
                room--;
            }
            if (room > 0) {
                String part = piece.substring(0, room);
                text.append(part);
                pieces.accept(part);
            }
            end = atLimit;
            throw new Cut();
        }
        text.append(piece);
        pieces.accept(piece);
    }

    @Override
    public void usage(Long input, Long output) {
        if (input != null) {
            inputTokens = input;
        }
        if (output != null) {
            outputTokens = output;
        }
    }

    @Override
    public void stop(String reason, boolean atTokenLimit) {
        if (atTokenLimit) {
            end = atLimit;
        }
    }

    /** The stream stopped at a limit of its exchange (time, size). */
    void cut(AiStreamResult.End why) {
        end = why;
    }

    String text() {
        return text.toString();
    }

    String model() {
        return model;
    }

    AiStreamResult.End end() {
        return end;
    }

    /** The input tokens the provider reported, or {@code estimate}. */
    long inputTokens(long estimate) {
        return inputTokens != null ? inputTokens : estimate;
    }

    /**
     * The output tokens the provider reported; for a stream cut before its end (when the provider may not have
     * reported them all) at least the estimate of the text received.
     */
    long outputTokens() {
        long estimate = RequestLimits.estimateTokens(text.length());
        if (outputTokens == null) {
            return estimate;
        }
        return end == AiStreamResult.End.COMPLETE ? outputTokens : Math.max(outputTokens, estimate);
    }

    /** True when a count is Charter's estimate rather than the provider's. */
    boolean estimated() {
        return inputTokens == null || outputTokens == null || outputTokens() != outputTokens;
    }
}

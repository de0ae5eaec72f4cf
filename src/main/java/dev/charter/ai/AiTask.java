package dev.charter.ai;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The tasks the local fallback knows (docs/ai-local-fallback.md). A request may name one as its task hint; without
 * one the fallback chooses from the instruction's words. The hint is never sent to a model: a model reads the
 * instruction and the data only (PIL-7).
 */
public enum AiTask {
    /** Extractive summary: the highest-scoring sentences, in their original order. */
    SUMMARIZE,
    /** Positive, negative or neutral, with a score and a confidence. */
    SENTIMENT,
    /** One of the categories the instruction names, by keyword overlap. */
    CLASSIFY,
    /** E-mail addresses, URLs, phone numbers, money amounts and dates. */
    EXTRACT,
    /** A template's {@code {{field}}} placeholders filled from the data. */
    TEMPLATE;

    /** The task a hint names ({@code summarize}, {@code sentiment}, …), case-insensitive. */
    public static Optional<AiTask> fromHint(String hint) {
        if (hint == null) {
            return Optional.empty();
        }
        String h = hint.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(h)).findFirst();
    }

    public String hint() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.charter.ai.internal.local;

import com.google.re2j.Pattern;
import dev.charter.ai.AiTask;
import tools.jackson.databind.JsonNode;

/**
 * Charter's local fallback: a handful of useful, deterministic text tasks that run inside the server, for
 * organizations without a model key (PIL-6). The same instruction, data and hint always give the same answer.
 * docs/ai-local-fallback.md describes the tasks and their output.
 */
public final class LocalModel {

    private static final Pattern SENTIMENT = Pattern.compile(
            "(?i)\\b(?:sentiment|tone|mood|feelings?|emotions?|positive or negative|negative or positive|happy or unhappy)\\b");
    private static final Pattern CLASSIFY = Pattern.compile(
            "(?i)\\b(?:classify|classification|categori[sz]e|categor(?:y|ies)|label|triage|route|tag)\\b");
    private static final Pattern EXTRACT = Pattern.compile(
            "(?i)\\b(?:extract|pull out|find all|list all|list the|collect|parse)\\b|\\b(?:e-?mail addresses|phone numbers|urls|links)\\b");

    /**
     * The task a request runs: the hint if there is one; else a template when the instruction has a {@code {{}}}
     * placeholder; else the first of sentiment, classify and extract whose words the instruction uses; else summarize.
     */
    public AiTask choose(String instruction, AiTask hint) {
        if (hint != null) {
            return hint;
        }
        if (instruction.contains("{{")) {
            return AiTask.TEMPLATE;
        }
        if (SENTIMENT.matcher(instruction).find()) {
            return AiTask.SENTIMENT;
        }
        if (CLASSIFY.matcher(instruction).find()) {
            return AiTask.CLASSIFY;
        }
        if (EXTRACT.matcher(instruction).find()) {
            return AiTask.EXTRACT;
        }
        // "summarize", "tl;dr", "key points" and anything else
        return AiTask.SUMMARIZE;
    }

    public LocalAnswer answer(String instruction, JsonNode data, AiTask hint) {
        AiTask task = choose(instruction, hint);
        return switch (task) {
            case TEMPLATE -> Templates.fill(instruction, data);
            case SENTIMENT -> Sentiment.classify(Texts.of(data));
            case CLASSIFY -> Categories.classify(instruction, Texts.of(data));
            case EXTRACT -> Extractor.extract(instruction, Texts.of(data));
            case SUMMARIZE -> Summarizer.summarize(instruction, Texts.of(data));
        };
    }
}

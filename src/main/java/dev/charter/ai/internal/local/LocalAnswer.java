package dev.charter.ai.internal.local;

import dev.charter.ai.AiTask;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local fallback's answer: the task that ran, its text and its structured output. The JSON always starts with
 * {@code "task"} and {@code "producedLocally": true}.
 */
public record LocalAnswer(AiTask task, String text, ObjectNode json) {

    static ObjectNode base(String task) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("task", task);
        json.put("producedLocally", true);
        return json;
    }

    /** {@code x} rounded to two decimals, the same way on every machine. */
    static double round2(double x) {
        return Math.round(x * 100.0) / 100.0;
    }
}

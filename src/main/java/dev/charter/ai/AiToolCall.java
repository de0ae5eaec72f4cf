package dev.charter.ai;

import tools.jackson.databind.JsonNode;

/**
 * One call the model made of a tool, as the caller's record of how an answer came about (the documents a cited
 * answer read, the signals a draft looked at).
 *
 * @param round  the tool round it belongs to, from 1
 * @param name   the tool the model named
 * @param input  the input the model gave (null when it was not JSON)
 * @param output what the handler returned, or null when the call failed
 * @param error  why the call failed (unknown tool, input not matching the schema, the handler's
 *               {@link AiToolException}), or null; the model was told the same
 */
public record AiToolCall(int round, String name, JsonNode input, JsonNode output, String error) {

    /** True when the handler ran and returned a result. */
    public boolean succeeded() {
        return error == null;
    }

    /** Sizes only: inputs and outputs may be personal. */
    @Override
    public String toString() {
        return "AiToolCall[round " + round + ", " + name + (error == null ? "" : ", failed") + "]";
    }
}

package dev.charter.ai;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A tool a model may call while it answers a request ({@link AiGateway#completeWithTools}): its name, what it does,
 * the JSON schema of its input, and the caller's Java handler that runs it. The name, the description and the schema
 * are part of the instruction and are sent to the model; the handler never leaves the server. The gateway validates
 * every input the model gives against the schema before the handler runs: a handler only ever sees a matching input.
 *
 * @param name        letters, digits, {@code _} and {@code -}, 1 to 64 characters, unique within a request;
 *                    {@code answer} is reserved for structured answers
 * @param description what the tool does and when to use it, for the model, up to 1,000 characters
 * @param inputSchema the JSON schema (2020-12, an object, referring only to itself) of the tool's input
 * @param handler     runs the tool; what it returns goes back to the model as the tool's result
 */
public record AiTool(String name, String description, JsonNode inputSchema, Handler handler) {

    public AiTool {
        Objects.requireNonNull(handler, "handler");
    }

    /** Runs one call of a tool. */
    @FunctionalInterface
    public interface Handler {

        /**
         * @param input the model's input, matching the tool's schema
         * @return the result for the model (a text node is sent as its text, anything else as JSON); it becomes part
         *         of the data sent to the model, so it must hold only what the model may read
         * @throws AiToolException to tell the model the call failed and why (it may try again differently)
         */
        JsonNode run(JsonNode input);
    }
}

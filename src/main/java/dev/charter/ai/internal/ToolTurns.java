package dev.charter.ai.internal;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A tool conversation in a provider-neutral shape, which each {@link ModelApi} writes in its own wire format: the
 * first user message (instruction and data), then per round the model's turn (its text and the tools it asked for)
 * and the results sent back. It holds the instruction, the data, the caller's tool definitions and what the caller's
 * handlers returned, nothing else (PIL-7).
 */
final class ToolTurns {

    private ToolTurns() {}

    /** A tool as the model is told of it. */
    record Spec(String name, String description, JsonNode schema) {}

    /**
     * One tool call the model asked for.
     *
     * @param input the input, or null when the model's arguments were not JSON
     */
    record Use(String id, String name, JsonNode input) {}

    /** The result sent back for one {@link Use}: the handler's output as text, or an error for the model. */
    record Outcome(String id, String content, boolean error) {}

    /**
     * One round: what the model said and asked for, then what was sent back.
     *
     * @param note a user message after the results (the schema mismatch of a final answer), or null
     */
    record Turn(String text, List<Use> uses, List<Outcome> outcomes, String note) {

        Turn {
            text = text == null ? "" : text;
            uses = List.copyOf(uses);
            outcomes = List.copyOf(outcomes);
        }

        /** Characters it adds to the conversation, for the input limit and the budget estimate. */
        long chars() {
            long n = text.length() + (note == null ? 0 : note.length());
            for (Use u : uses) {
                n += u.name().length() + (u.input() == null ? 0 : u.input().toString().length());
            }
            for (Outcome o : outcomes) {
                n += o.content().length();
            }
            return n;
        }
    }
}

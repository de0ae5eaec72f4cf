package dev.charter.ai;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a request with tools ({@link AiGateway#completeWithTools}).
 *
 * @param answer the final answer; its usage and latency cover every round together
 * @param calls  every tool call of every round, in the order they ran
 * @param rounds how many tool rounds there were (model asked, handlers answered); 0 when the model answered at once
 */
public record AiToolResult(AiResult answer, List<AiToolCall> calls, int rounds) {

    public AiToolResult {
        Objects.requireNonNull(answer, "answer");
        calls = List.copyOf(calls);
    }
}

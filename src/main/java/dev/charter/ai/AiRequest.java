package dev.charter.ai;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One question for a model. Only {@code instruction} and {@code data} are ever sent to it (PIL-7); everything else
 * steers the gateway.
 *
 * @param org             the organization it is asked for (its key, its budget, its usage)
 * @param actor           the person who caused it, or null for the system (a workflow run)
 * @param purpose         what it is for, dotted, owned by the caller ({@code pilots.ai-step})
 * @param instruction     the step's instruction, as its author wrote it
 * @param data            the data flowing through this step; {@link NullNode} for none
 * @param task            a task hint for the local fallback, or null to choose from the instruction
 * @param maxOutputTokens the longest answer wanted, or null for the server's default
 * @param timeout         how long to wait for the model, or null for the server's default
 */
public record AiRequest(OrgId org, UserId actor, String purpose, String instruction, JsonNode data, AiTask task,
                        Integer maxOutputTokens, Duration timeout) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public AiRequest {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(purpose, "purpose");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose '" + purpose + "' must be dotted lower-case words, like pilots.ai-step");
        }
        instruction = instruction == null ? "" : instruction;
        data = data == null || data.isMissingNode() ? NullNode.getInstance() : data;
    }

    /** A request with the server's defaults for task, output length and timeout. */
    public static AiRequest of(OrgId org, String purpose, String instruction, JsonNode data) {
        return new AiRequest(org, null, purpose, instruction, data, null, null, null);
    }

    public AiRequest withActor(UserId actor) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout);
    }

    public AiRequest withTask(AiTask task) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout);
    }

    public AiRequest withMaxOutputTokens(Integer maxOutputTokens) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout);
    }

    public AiRequest withTimeout(Duration timeout) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout);
    }

    /** Sizes only: the instruction and the data may be personal and never go to a log. */
    @Override
    public String toString() {
        return "AiRequest[" + purpose + ", org=" + org + ", instruction=" + instruction.length() + " chars, data="
                + data.getNodeType() + (task == null ? "" : ", task=" + task.hint()) + "]";
    }
}

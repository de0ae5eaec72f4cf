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
 * @param schema          the JSON schema (2020-12, an object) the answer must match, or null for free text. Part of the
 *                        instruction: it is sent to the model, which is constrained to it where the provider can be
 *                        (OpenAI {@code response_format}, Anthropic's forced tool); every answer is validated, and a
 *                        mismatch is asked again once. The local fallback fills it deterministically.
 */
public record AiRequest(OrgId org, UserId actor, String purpose, String instruction, JsonNode data, AiTask task,
                        Integer maxOutputTokens, Duration timeout, JsonNode schema) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public AiRequest {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(purpose, "purpose");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose '" + purpose + "' must be dotted lower-case words, like pilots.ai-step");
        }
        instruction = instruction == null ? "" : instruction;
        data = data == null || data.isMissingNode() ? NullNode.getInstance() : data;
        schema = schema == null || schema.isNull() || schema.isMissingNode() ? null : schema;
    }

    /** A request for a free-text answer. */
    public AiRequest(OrgId org, UserId actor, String purpose, String instruction, JsonNode data, AiTask task,
                     Integer maxOutputTokens, Duration timeout) {
        this(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, null);
    }

    /** A request with the server's defaults for task, output length and timeout. */
    public static AiRequest of(OrgId org, String purpose, String instruction, JsonNode data) {
        return new AiRequest(org, null, purpose, instruction, data, null, null, null);
    }

    public AiRequest withActor(UserId actor) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, schema);
    }

    public AiRequest withTask(AiTask task) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, schema);
    }

    public AiRequest withMaxOutputTokens(Integer maxOutputTokens) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, schema);
    }

    public AiRequest withTimeout(Duration timeout) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, schema);
    }

    /** The same request, its answer to match {@code schema} ({@link AiResult#json()} holds it). */
    public AiRequest withSchema(JsonNode schema) {
        return new AiRequest(org, actor, purpose, instruction, data, task, maxOutputTokens, timeout, schema);
    }

    /** Sizes only: the instruction and the data may be personal and never go to a log. */
    @Override
    public String toString() {
        return "AiRequest[" + purpose + ", org=" + org + ", instruction=" + instruction.length() + " chars, data="
                + data.getNodeType() + (task == null ? "" : ", task=" + task.hint()) + (schema == null ? "" : ", schema") + "]";
    }
}

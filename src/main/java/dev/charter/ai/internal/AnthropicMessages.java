package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages API's shapes: the request body Charter sends and how it reads answers and errors.
 * The body holds the model, the output limit, a fixed system text and one user message made of the step's
 * instruction and the step's data, and nothing else (PIL-7); for structured output also one tool whose input schema
 * is the caller's schema, and {@code tool_choice} forcing it.
 */
final class AnthropicMessages implements ModelApi {

    /** The same for every request; it carries no data. */
    static final String SYSTEM = "You are one step of an automated workflow. Do what the instruction says with the "
            + "data given, and answer with the result only.";

    private final JsonMapper json;
    private final String version;

    AnthropicMessages(JsonMapper json, String version) {
        this.json = json;
        this.version = version;
    }

    @Override
    public String purpose() {
        return AiEgress.PURPOSE;
    }

    @Override
    public String title() {
        return "Anthropic";
    }

    @Override
    public URI endpoint(URI base) {
        return AiSettings.under(base, "/v1/messages");
    }

    @Override
    public String[] headers() {
        return new String[] {"anthropic-version", version};
    }

    /** The user message: the instruction, then the data as JSON between {@code <data>} tags (none if there is none). */
    static String userContent(String instruction, JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return instruction;
        }
        return instruction + "\n\n<data>\n" + data + "\n</data>";
    }

    @Override
    public byte[] requestBody(String model, int maxTokens, String instruction, JsonNode data, JsonNode schema) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.put("system", SYSTEM);
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", userContent(instruction, data));
        if (schema != null) {
            // structured output: one tool whose input is the answer, and the model made to call it
            ObjectNode tool = body.putArray("tools").addObject();
            tool.put("name", ANSWER);
            tool.put("description", "Give the answer in exactly this shape.");
            tool.set("input_schema", schema);
            ObjectNode choice = body.putObject("tool_choice");
            choice.put("type", "tool");
            choice.put("name", ANSWER);
        }
        return json.writeValueAsBytes(body);
    }

    /**
     * Reads a 2xx answer: the text blocks of {@code content} (or the input of the forced {@code answer} tool), the token
     * usage and whether it hit the limit.
     */
    @Override
    public Answer answer(EgressResponse response) {
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new AiFailedException(Kind.BAD_ANSWER, "The model's answer is not JSON.");
        }
        JsonNode content = root.path("content");
        if (!content.isArray()) {
            throw new AiFailedException(Kind.BAD_ANSWER, "The model's answer has no content.");
        }
        StringBuilder text = new StringBuilder();
        String toolInput = null;
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asString("")) && block.path("text").isString()) {
                text.append(block.path("text").stringValue());
            } else if ("tool_use".equals(block.path("type").asString("")) && ANSWER.equals(block.path("name").asString(""))
                    && block.path("input").isObject()) {
                toolInput = block.path("input").toString();
            }
        }
        if (toolInput != null) {
            text.setLength(0);
            text.append(toolInput);
        }
        JsonNode usage = root.path("usage");
        return new Answer(text.toString(), root.path("model").asString(null), usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0), "max_tokens".equals(root.path("stop_reason").asString("")));
    }

    /**
     * The failure an error answer means. Anthropic answers {@code {"type":"error","error":{"type":…,"message":…}}};
     * the reason names the status, the error type and the provider's message (never the request).
     */
    @Override
    public AiFailedException failure(EgressResponse response, String who) {
        String type = null;
        String message = null;
        try {
            JsonNode error = json.readTree(response.body()).path("error");
            type = error.path("type").asString(null);
            message = error.path("message").asString(null);
        } catch (JacksonException e) {
            // not the documented shape: the status alone says enough
        }
        int status = response.status();
        Kind kind = ModelErrors.kindOf(status);
        String reason = "Anthropic refused the request made with " + who + ": HTTP " + status
                + (type == null ? "" : " " + ModelErrors.clean(type, 60)) + (message == null ? "" : ": " + ModelErrors.clean(message, 300));
        if (kind == Kind.KEY_REFUSED) {
            reason += ". Check the key and its account.";
        }
        return new AiFailedException(kind, reason, ModelErrors.retryAfter(response.header("retry-after")), null);
    }
}

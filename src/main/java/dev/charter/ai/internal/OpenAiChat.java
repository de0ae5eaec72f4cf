package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI chat completions API ({@code POST <base>/chat/completions}), which vLLM, Ollama, llama.cpp's server,
 * LM Studio and most gateways expose. The body holds the model, the output limit and two messages: the fixed system
 * text and one user message made of the step's instruction and data, and nothing else (PIL-7): no {@code user},
 * no {@code metadata}, no earlier messages; for structured output also {@code response_format} with the caller's
 * JSON schema.
 */
final class OpenAiChat implements ModelApi {

    private final JsonMapper json;

    OpenAiChat(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String purpose() {
        return AiEgress.OPENAI_PURPOSE;
    }

    @Override
    public String title() {
        return "The OpenAI-compatible endpoint";
    }

    @Override
    public URI endpoint(URI base) {
        return AiSettings.under(base, "/chat/completions");
    }

    @Override
    public byte[] requestBody(String model, int maxTokens, String instruction, JsonNode data, JsonNode schema) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.put("stream", false);
        ArrayNode messages = body.putArray("messages");
        ObjectNode system = messages.addObject();
        system.put("role", "system");
        system.put("content", AnthropicMessages.SYSTEM);
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        user.put("content", AnthropicMessages.userContent(instruction, data));
        if (schema != null) {
            // structured output: servers that know response_format constrain the answer, the others ignore it
            ObjectNode format = body.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode spec = format.putObject("json_schema");
            spec.put("name", ANSWER);
            spec.set("schema", schema);
        }
        return json.writeValueAsBytes(body);
    }

    /** {@code choices[0].message.content}, {@code usage.prompt_tokens} and {@code completion_tokens}, {@code finish_reason}. */
    @Override
    public Answer answer(EgressResponse response) {
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new AiFailedException(Kind.BAD_ANSWER, "The model's answer is not JSON.");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isString()) {
            throw new AiFailedException(Kind.BAD_ANSWER, "The model's answer has no message content.");
        }
        JsonNode usage = root.path("usage");
        return new Answer(content.stringValue(), root.path("model").asString(null), usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0), "length".equals(choice.path("finish_reason").asString("")));
    }

    /**
     * OpenAI answers {@code {"error":{"message":…,"type":…,"code":…}}}; vLLM {@code {"object":"error","message":…,
     * "type":…}}; Ollama {@code {"error":"…"}}. A request longer than the model's context is a 400 with code
     * {@code context_length_exceeded} or a message that says so.
     */
    @Override
    public AiFailedException failure(EgressResponse response, String who) {
        String type = null;
        String code = null;
        String message = null;
        try {
            JsonNode root = json.readTree(response.body());
            JsonNode error = root.path("error");
            if (error.isString()) {
                message = error.stringValue();
            } else {
                JsonNode e = error.isObject() ? error : root;
                type = e.path("type").isString() ? e.path("type").stringValue() : null;
                code = e.path("code").isString() ? e.path("code").stringValue() : null;
                message = e.path("message").isString() ? e.path("message").stringValue() : null;
            }
        } catch (JacksonException e) {
            // not a documented shape: the status alone says enough
        }
        int status = response.status();
        Kind kind = ModelErrors.kindOf(status);
        String reason = "The OpenAI-compatible endpoint refused the request made with " + who + ": HTTP " + status
                + (code != null ? " " + ModelErrors.clean(code, 60) : type != null ? " " + ModelErrors.clean(type, 60) : "")
                + (message == null ? "" : ": " + ModelErrors.clean(message, 300));
        if (status == 400 && contextTooLong(code, message)) {
            reason += ". The instruction and the data are longer than the model's context: pass less data, or use a "
                    + "model with a longer context";
        }
        if (kind == Kind.KEY_REFUSED) {
            reason += ". Check the endpoint's key.";
        }
        return new AiFailedException(kind, reason, ModelErrors.retryAfter(response.header("retry-after")), null);
    }

    private static boolean contextTooLong(String code, String message) {
        if ("context_length_exceeded".equals(code)) {
            return true;
        }
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("context length") || m.contains("context window") || m.contains("maximum context");
    }
}

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

    /**
     * Messages in the chat completions tool shape: each round an {@code assistant} message with its {@code content}
     * and {@code tool_calls} (type {@code function}, arguments as a JSON string), then one {@code role: tool} message
     * per call with its {@code tool_call_id}; {@code tools} of type {@code function} with name, description and
     * {@code parameters}. A schema is the {@code response_format}, as without tools.
     */
    @Override
    public byte[] toolRequestBody(String model, int maxTokens, String instruction, JsonNode data,
                                  java.util.List<ToolTurns.Spec> tools, java.util.List<ToolTurns.Turn> turns,
                                  JsonNode schema) {
        ObjectNode body = (ObjectNode) json.readTree(requestBody(model, maxTokens, instruction, data, schema));
        ArrayNode messages = (ArrayNode) body.get("messages");
        for (ToolTurns.Turn turn : turns) {
            ObjectNode assistant = messages.addObject();
            assistant.put("role", "assistant");
            if (turn.text().isEmpty() && !turn.uses().isEmpty()) {
                assistant.putNull("content");
            } else {
                assistant.put("content", turn.text());
            }
            if (!turn.uses().isEmpty()) {
                ArrayNode calls = assistant.putArray("tool_calls");
                for (ToolTurns.Use use : turn.uses()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", use.id());
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", use.name());
                    function.put("arguments", use.input() == null ? "{}" : use.input().toString());
                }
            }
            for (ToolTurns.Outcome outcome : turn.outcomes()) {
                ObjectNode result = messages.addObject();
                result.put("role", "tool");
                result.put("tool_call_id", outcome.id());
                result.put("content", outcome.error() ? "Error: " + outcome.content() : outcome.content());
            }
            if (turn.note() != null) {
                messages.addObject().put("role", "user").put("content", turn.note());
            }
        }
        ArrayNode declared = body.putArray("tools");
        for (ToolTurns.Spec spec : tools) {
            ObjectNode tool = declared.addObject();
            tool.put("type", "function");
            ObjectNode function = tool.putObject("function");
            function.put("name", spec.name());
            function.put("description", spec.description());
            function.set("parameters", spec.schema());
        }
        return json.writeValueAsBytes(body);
    }

    /**
     * {@link #requestBody} with {@code stream: true} and {@code stream_options.include_usage}, so the last chunk
     * reports the tokens.
     */
    @Override
    public byte[] streamRequestBody(String model, int maxTokens, String instruction, JsonNode data) {
        ObjectNode body = (ObjectNode) json.readTree(requestBody(model, maxTokens, instruction, data, null));
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return json.writeValueAsBytes(body);
    }

    /**
     * The chat completions stream: {@code data: {chunk}} events, each {@code choices[0].delta.content} a piece of the
     * answer, {@code finish_reason} on the last choice, {@code usage} on a chunk of its own, then {@code data: [DONE]}.
     * An error in the middle is a chunk with {@code error} (OpenAI's and vLLM's object, Ollama's string).
     */
    @Override
    public void readStream(java.io.InputStream body, StreamEvents events, String who) throws java.io.IOException {
        boolean[] finished = {false, false};
        ServerSentEvents.read(body, e -> {
            if ("[DONE]".equals(e.data().strip())) {
                finished[1] = true;
                return false;
            }
            JsonNode chunk;
            try {
                chunk = json.readTree(e.data());
            } catch (JacksonException x) {
                throw new AiFailedException(Kind.BAD_ANSWER, "The model's stream sent a chunk that is not JSON.");
            }
            JsonNode error = chunk.path("error");
            if (!error.isMissingNode() && !error.isNull() || "error".equals(chunk.path("object").asString(""))) {
                throw streamFailure(error.isMissingNode() || error.isNull() ? chunk : error, who);
            }
            if (chunk.path("model").isString()) {
                events.model(chunk.path("model").stringValue());
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode content = choice.path("delta").path("content");
            if (content.isString() && !content.stringValue().isEmpty()) {
                events.text(content.stringValue());
            }
            if (choice.path("finish_reason").isString()) {
                String reason = choice.path("finish_reason").stringValue();
                finished[0] = true;
                events.stop(reason, "length".equals(reason));
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                events.usage(usage.path("prompt_tokens").canConvertToLong() ? usage.path("prompt_tokens").asLong() : null,
                        usage.path("completion_tokens").canConvertToLong() ? usage.path("completion_tokens").asLong() : null);
            }
            return true;
        });
        if (!finished[0] && !finished[1]) {
            throw new AiFailedException(Kind.PROVIDER_UNAVAILABLE, "The OpenAI-compatible endpoint's stream ended before "
                    + "the answer was complete. Try again.");
        }
    }

    private static AiFailedException streamFailure(JsonNode error, String who) {
        String message = error.isString() ? error.stringValue()
                : error.path("message").isString() ? error.path("message").stringValue() : null;
        String type = error.path("type").isString() ? error.path("type").stringValue() : null;
        JsonNode code = error.path("code");
        Kind kind = code.canConvertToInt() ? ModelErrors.kindOf(code.asInt())
                : "rate_limit_exceeded".equals(code.asString("")) || "rate_limit_error".equals(type) ? Kind.RATE_LIMITED
                : "context_length_exceeded".equals(code.asString("")) ? Kind.REQUEST_REFUSED
                : Kind.PROVIDER_UNAVAILABLE;
        return new AiFailedException(kind, "The OpenAI-compatible endpoint stopped the answer to the request made with "
                + who + " with an error" + (type == null ? "" : " " + ModelErrors.clean(type, 60))
                + (message == null ? "" : ": " + ModelErrors.clean(message, 300)) + ".");
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
        java.util.List<ToolTurns.Use> uses = new java.util.ArrayList<>();
        for (JsonNode call : choice.path("message").path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!function.path("name").isString()) {
                continue;
            }
            JsonNode input = null;
            try {
                input = json.readTree(function.path("arguments").asString(""));
            } catch (JacksonException e) {
                // not JSON: the model is told so, as for an input that does not match the schema
            }
            uses.add(new ToolTurns.Use(call.path("id").asString(""), function.path("name").stringValue(),
                    input != null && input.isObject() ? input : null));
        }
        if (!content.isString() && uses.isEmpty()) {
            throw new AiFailedException(Kind.BAD_ANSWER, "The model's answer has no message content.");
        }
        JsonNode usage = root.path("usage");
        return new Answer(content.isString() ? content.stringValue() : "", root.path("model").asString(null),
                usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
                "length".equals(choice.path("finish_reason").asString("")), uses);
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

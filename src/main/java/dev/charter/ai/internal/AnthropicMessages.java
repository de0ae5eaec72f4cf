package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
     * Messages in Anthropic's tool shape: each round an {@code assistant} message of its {@code text} and
     * {@code tool_use} blocks, then a {@code user} message of one {@code tool_result} block per call (with
     * {@code is_error} for a failed one); {@code tools} of name, description and {@code input_schema}. With a schema
     * the {@link #ANSWER} tool is one of the tools and {@code tool_choice} is {@code any}, so the model ends by calling
     * it.
     */
    @Override
    public byte[] toolRequestBody(String model, int maxTokens, String instruction, JsonNode data,
                                  List<ToolTurns.Spec> tools, List<ToolTurns.Turn> turns, JsonNode schema) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.put("system", SYSTEM);
        ArrayNode messages = body.putArray("messages");
        ObjectNode first = messages.addObject();
        first.put("role", "user");
        first.put("content", userContent(instruction, data));
        for (ToolTurns.Turn turn : turns) {
            ObjectNode assistant = messages.addObject();
            assistant.put("role", "assistant");
            ArrayNode said = assistant.putArray("content");
            if (!turn.text().isBlank() || turn.uses().isEmpty()) {
                said.addObject().put("type", "text").put("text", turn.text().isBlank() ? "(no text)" : turn.text());
            }
            for (ToolTurns.Use use : turn.uses()) {
                ObjectNode block = said.addObject();
                block.put("type", "tool_use");
                block.put("id", use.id());
                block.put("name", use.name());
                block.set("input", use.input() == null ? json.createObjectNode() : use.input());
            }
            ObjectNode back = messages.addObject();
            back.put("role", "user");
            ArrayNode results = back.putArray("content");
            for (ToolTurns.Outcome outcome : turn.outcomes()) {
                ObjectNode block = results.addObject();
                block.put("type", "tool_result");
                block.put("tool_use_id", outcome.id());
                block.put("content", outcome.content());
                if (outcome.error()) {
                    block.put("is_error", true);
                }
            }
            if (turn.note() != null) {
                results.addObject().put("type", "text").put("text", turn.note());
            }
        }
        ArrayNode declared = body.putArray("tools");
        for (ToolTurns.Spec spec : tools) {
            ObjectNode tool = declared.addObject();
            tool.put("name", spec.name());
            tool.put("description", spec.description());
            tool.set("input_schema", spec.schema());
        }
        if (schema != null) {
            ObjectNode tool = declared.addObject();
            tool.put("name", ANSWER);
            tool.put("description", "Give the final answer in exactly this shape, once you have what you need.");
            tool.set("input_schema", schema);
            body.putObject("tool_choice").put("type", "any");
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
        List<ToolTurns.Use> uses = new ArrayList<>();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asString("")) && block.path("text").isString()) {
                text.append(block.path("text").stringValue());
            } else if ("tool_use".equals(block.path("type").asString("")) && block.path("name").isString()) {
                JsonNode input = block.path("input").isObject() ? block.path("input") : null;
                uses.add(new ToolTurns.Use(block.path("id").asString(""), block.path("name").stringValue(), input));
                if (ANSWER.equals(block.path("name").stringValue()) && input != null) {
                    toolInput = input.toString();
                }
            }
        }
        if (toolInput != null) {
            text.setLength(0);
            text.append(toolInput);
        }
        JsonNode usage = root.path("usage");
        return new Answer(text.toString(), root.path("model").asString(null), usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0), "max_tokens".equals(root.path("stop_reason").asString("")), uses);
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
        if (status == 400 && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("too long")) {
            // documented as 400 invalid_request_error "prompt is too long: <n> tokens > <max> maximum"
            reason += ". The instruction and the data are longer than the model's context: pass less data, or use a "
                    + "model with a longer context";
        }
        if (kind == Kind.KEY_REFUSED) {
            reason += ". Check the key and its account.";
        }
        return new AiFailedException(kind, reason, ModelErrors.retryAfter(response.header("retry-after")), null);
    }

    /** {@link #requestBody} with {@code stream: true}: the answer comes as server-sent events. */
    @Override
    public byte[] streamRequestBody(String model, int maxTokens, String instruction, JsonNode data) {
        ObjectNode body = (ObjectNode) json.readTree(requestBody(model, maxTokens, instruction, data, null));
        body.put("stream", true);
        return json.writeValueAsBytes(body);
    }

    @Override
    public void readStream(java.io.InputStream body, StreamEvents events, String who) throws java.io.IOException {
        readEvents(body, events, title(), who);
    }

    /**
     * Reads Anthropic's stream of server-sent events, the same on Vertex AI ({@code streamRawPredict}):
     * {@code message_start} (model, input tokens), {@code content_block_delta} with a {@code text_delta},
     * {@code message_delta} (stop reason, output tokens), {@code message_stop}, and {@code error} (for example
     * {@code overloaded_error}) in the middle of an answer. {@code ping} and the block boundaries carry nothing.
     */
    void readEvents(java.io.InputStream body, StreamEvents events, String title, String who) throws java.io.IOException {
        boolean[] stopped = {false};
        ServerSentEvents.read(body, e -> {
            JsonNode event;
            try {
                event = json.readTree(e.data());
            } catch (JacksonException x) {
                throw new AiFailedException(Kind.BAD_ANSWER, "The model's stream sent an event that is not JSON.");
            }
            boolean more = onEvent(event, event.path("type").asString(e.name()), events, title, who);
            stopped[0] = !more;
            return more;
        });
        if (!stopped[0]) {
            throw new AiFailedException(Kind.PROVIDER_UNAVAILABLE, title + "'s stream ended before the answer was "
                    + "complete. Try again.");
        }
    }

    /** One event of Anthropic's stream; false at its end ({@code message_stop}). */
    boolean onEvent(JsonNode event, String type, StreamEvents events, String title, String who) {
        switch (type) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                events.model(message.path("model").asString(null));
                usage(message.path("usage"), events);
            }
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                if ("text_delta".equals(delta.path("type").asString("")) && delta.path("text").isString()) {
                    events.text(delta.path("text").stringValue());
                }
            }
            case "message_delta" -> {
                usage(event.path("usage"), events);
                String reason = event.path("delta").path("stop_reason").asString(null);
                if (reason != null) {
                    events.stop(reason, "max_tokens".equals(reason));
                }
            }
            case "message_stop" -> {
                return false;
            }
            case "error" -> throw streamFailure(event.path("error"), title, who);
            default -> {
                // ping, content_block_start, content_block_stop: nothing to read
            }
        }
        return true;
    }

    private static void usage(JsonNode usage, StreamEvents events) {
        Long input = usage.path("input_tokens").canConvertToLong() ? usage.path("input_tokens").asLong() : null;
        Long output = usage.path("output_tokens").canConvertToLong() ? usage.path("output_tokens").asLong() : null;
        if (input != null || output != null) {
            events.usage(input, output);
        }
    }

    /** An {@code error} event: {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}. */
    static AiFailedException streamFailure(JsonNode error, String title, String who) {
        String type = error.path("type").asString("");
        String message = error.path("message").asString(null);
        Kind kind = switch (type) {
            case "rate_limit_error" -> Kind.RATE_LIMITED;
            case "authentication_error", "permission_error", "billing_error" -> Kind.KEY_REFUSED;
            case "invalid_request_error", "not_found_error", "request_too_large" -> Kind.REQUEST_REFUSED;
            case "timeout_error" -> Kind.TIMEOUT;
            default -> Kind.PROVIDER_UNAVAILABLE;
        };
        return new AiFailedException(kind, title + " stopped the answer to the request made with " + who
                + " with an error" + (type.isEmpty() ? "" : " " + ModelErrors.clean(type, 60))
                + (message == null ? "" : ": " + ModelErrors.clean(message, 300))
                + (kind == Kind.RATE_LIMITED || kind == Kind.PROVIDER_UNAVAILABLE || kind == Kind.TIMEOUT
                ? ". Try again later." : "."));
    }

    /**
     * A Messages body as the clouds that host Anthropic's models take it (Bedrock's InvokeModel, Vertex AI's rawPredict):
     * the model is named by the address, so {@code model} goes, and {@code anthropic_version} comes first.
     */
    byte[] versionedWithoutModel(byte[] messagesBody, String version) {
        ObjectNode body = (ObjectNode) json.readTree(messagesBody);
        body.remove("model");
        ObjectNode out = json.createObjectNode();
        out.put("anthropic_version", version);
        out.setAll(body);
        return json.writeValueAsBytes(out);
    }
}

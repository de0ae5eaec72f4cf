package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic models on Google Vertex AI:
 * {@code POST <base>/v1/projects/<project>/locations/<region>/publishers/anthropic/models/<model>:rawPredict}, with a
 * bearer token egress mints from the organization's service account key (ADR 0141). The body is the Messages API's
 * (the same system text and single user message, PIL-7) without {@code model} and with
 * {@code anthropic_version: vertex-2023-10-16}; the answer is a Messages answer. Errors are Google's
 * {@code {"error": {"code", "message", "status"}}}, or Anthropic's own error object passed through.
 */
final class VertexMessages implements ModelApi {

    static final String VERSION = "vertex-2023-10-16";

    private final JsonMapper json;
    private final AnthropicMessages messages;

    VertexMessages(JsonMapper json, AnthropicMessages messages) {
        this.json = json;
        this.messages = messages;
    }

    @Override
    public String purpose() {
        return AiEgress.VERTEX_PURPOSE;
    }

    @Override
    public String title() {
        return "Google Vertex AI";
    }

    /** Not used: a Vertex endpoint needs the project, region and model of its connection ({@link #endpoint(URI, String, String, String)}). */
    @Override
    public URI endpoint(URI base) {
        throw new UnsupportedOperationException("a Vertex AI endpoint needs its project, region and model");
    }

    /** The {@code rawPredict} URL of {@code model} in {@code project} and {@code region} under {@code base}. */
    URI endpoint(URI base, String project, String region, String model) {
        return AiSettings.under(base, "/v1/projects/" + segment(project) + "/locations/" + segment(region)
                + "/publishers/anthropic/models/" + segment(model) + ":rawPredict");
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    @Override
    public byte[] requestBody(String model, int maxTokens, String instruction, JsonNode data, JsonNode schema) {
        return vertexShape(messages.requestBody(model, maxTokens, instruction, data, schema));
    }

    /** Anthropic's tool shape ({@link AnthropicMessages#toolRequestBody}), without {@code model}, with the version. */
    @Override
    public byte[] toolRequestBody(String model, int maxTokens, String instruction, JsonNode data,
                                  List<ToolTurns.Spec> tools, List<ToolTurns.Turn> turns, JsonNode schema) {
        return vertexShape(messages.toolRequestBody(model, maxTokens, instruction, data, tools, turns, schema));
    }

    private byte[] vertexShape(byte[] messagesBody) {
        return messages.versionedWithoutModel(messagesBody, VERSION);
    }

    /** {@code streamRawPredict} in place of {@code rawPredict}: the same body with {@code stream: true}. */
    @Override
    public URI streamEndpoint(URI endpoint) {
        String u = endpoint.toString();
        return u.endsWith(":rawPredict") ? URI.create(u.substring(0, u.length() - ":rawPredict".length()) + ":streamRawPredict")
                : endpoint;
    }

    @Override
    public byte[] streamRequestBody(String model, int maxTokens, String instruction, JsonNode data) {
        return vertexShape(messages.streamRequestBody(model, maxTokens, instruction, data));
    }

    /** Anthropic's event stream, as Vertex AI passes it through. */
    @Override
    public void readStream(java.io.InputStream body, StreamEvents events, String who) throws java.io.IOException {
        messages.readEvents(body, events, title(), who);
    }

    @Override
    public Answer answer(EgressResponse response) {
        return messages.answer(response);
    }

    @Override
    public AiFailedException failure(EgressResponse response, String who) {
        String message = null;
        String status = null;
        try {
            JsonNode error = json.readTree(response.body()).path("error");
            if (error.path("message").isString()) {
                message = error.path("message").stringValue();
            }
            if (error.path("status").isString()) {
                status = error.path("status").stringValue();
            } else if (error.path("type").isString()) {
                status = error.path("type").stringValue();
            }
        } catch (JacksonException e) {
            // not the documented shape: the status alone says enough
        }
        int code = response.status();
        Kind kind = code == 529 ? Kind.PROVIDER_UNAVAILABLE : ModelErrors.kindOf(code);
        String reason = "Google Vertex AI refused the request made with " + who + ": HTTP " + code
                + (status == null ? "" : " " + ModelErrors.clean(status, 60))
                + (message == null ? "" : ": " + ModelErrors.clean(message, 300));
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (code == 400 && (lower.contains("too long") || lower.contains("context") && lower.contains("exceed"))) {
            reason += ". The instruction and the data are longer than the model's context: pass less data";
        }
        if (kind == Kind.KEY_REFUSED) {
            reason += ". Check that the service account may call aiplatform.endpoints.predict in this project and "
                    + "that the model is enabled in this region.";
        }
        return new AiFailedException(kind, reason, ModelErrors.retryAfter(response.header("retry-after")), null);
    }
}

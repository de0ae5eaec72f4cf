package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic models on Amazon Bedrock: {@code POST <base>/model/<model id>/invoke} (InvokeModel), signed with SigV4 by
 * egress. The body is the Messages API's (the same system text and single user message, PIL-7) without {@code model}
 * and with {@code anthropic_version: bedrock-2023-05-31}; the answer is a Messages answer. Errors are
 * {@code {"message": …}} with the exception's name in {@code x-amzn-ErrorType}.
 */
final class BedrockMessages implements ModelApi {

    static final String VERSION = "bedrock-2023-05-31";

    private final JsonMapper json;
    private final AnthropicMessages messages;
    private final String model;

    BedrockMessages(JsonMapper json, AnthropicMessages messages, String model) {
        this.json = json;
        this.messages = messages;
        this.model = model;
    }

    @Override
    public String purpose() {
        return AiEgress.BEDROCK_PURPOSE;
    }

    @Override
    public String title() {
        return "Amazon Bedrock";
    }

    @Override
    public URI endpoint(URI base) {
        return AiSettings.under(base, "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/invoke");
    }

    @Override
    public byte[] requestBody(String model, int maxTokens, String instruction, JsonNode data, JsonNode schema) {
        return bedrockShape(messages.requestBody(model, maxTokens, instruction, data, schema));
    }

    /** Anthropic's tool shape ({@link AnthropicMessages#toolRequestBody}), without {@code model}, with the version. */
    @Override
    public byte[] toolRequestBody(String model, int maxTokens, String instruction, JsonNode data,
                                  java.util.List<ToolTurns.Spec> tools, java.util.List<ToolTurns.Turn> turns,
                                  JsonNode schema) {
        return bedrockShape(messages.toolRequestBody(model, maxTokens, instruction, data, tools, turns, schema));
    }

    private byte[] bedrockShape(byte[] messagesBody) {
        return messages.versionedWithoutModel(messagesBody, VERSION);
    }

    @Override
    public Answer answer(EgressResponse response) {
        return messages.answer(response);
    }

    @Override
    public AiFailedException failure(EgressResponse response, String who) {
        String message = null;
        try {
            JsonNode root = json.readTree(response.body());
            message = root.path("message").isString() ? root.path("message").stringValue()
                    : root.path("Message").isString() ? root.path("Message").stringValue() : null;
        } catch (JacksonException e) {
            // not the documented shape: the status alone says enough
        }
        String type = response.header("x-amzn-ErrorType");
        if (type != null && type.indexOf(':') > 0) {
            type = type.substring(0, type.indexOf(':'));
        }
        int status = response.status();
        Kind kind = status == 408 ? Kind.TIMEOUT : ModelErrors.kindOf(status);
        String reason = "Amazon Bedrock refused the request made with " + who + ": HTTP " + status
                + (type == null ? "" : " " + ModelErrors.clean(type, 60)) + (message == null ? "" : ": " + ModelErrors.clean(message, 300));
        if (status == 400 && message != null && message.toLowerCase(Locale.ROOT).contains("too long")) {
            reason += ". The instruction and the data are longer than the model's context: pass less data";
        }
        if (kind == Kind.KEY_REFUSED) {
            reason += ". Check the access key and that it may call bedrock:InvokeModel for this model in this region.";
        }
        return new AiFailedException(kind, reason, ModelErrors.retryAfter(response.header("retry-after")), null);
    }
}

package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.egress.EgressResponse;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * One model API's wire shapes: the request body Charter sends and how it reads answers and errors. Every
 * implementation builds its body from the instruction and the data only, plus the fixed system text (PIL-7); the
 * gateway chooses which API answers (PIL-6) and the egress gateway attaches the credential.
 */
interface ModelApi {

    /** What a successful answer holds. */
    record Answer(String text, String model, long inputTokens, long outputTokens, boolean truncated) {}

    /** The egress purpose its requests go out under. */
    String purpose();

    /** Who answers, for error messages ("Anthropic", "The OpenAI-compatible endpoint"). */
    String title();

    /** The URL a request goes to, from the provider's base URL. */
    URI endpoint(URI base);

    /** Headers besides content-type that the API needs (never a credential), as name, value pairs. */
    default String[] headers() {
        return new String[0];
    }

    /** The name the answer's shape goes by where a provider needs one (a tool, a response format). */
    String ANSWER = "answer";

    /**
     * @param schema the JSON schema the answer must match, or null for free text; the API constrains the answer to it
     *               where it can
     */
    byte[] requestBody(String model, int maxTokens, String instruction, JsonNode data, JsonNode schema);

    /** Reads a 2xx answer; for a request with a schema, {@code text} is the answer's JSON. */
    Answer answer(EgressResponse response);

    /** The failure an error answer means; the reason never quotes the request. */
    AiFailedException failure(EgressResponse response, String who);
}

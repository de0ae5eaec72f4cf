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

    /**
     * What a successful answer holds.
     *
     * @param toolUses the tools the model asked for (the {@link #ANSWER} tool of a structured answer included); empty
     *                 for a final answer in text
     */
    record Answer(String text, String model, long inputTokens, long outputTokens, boolean truncated,
                  java.util.List<ToolTurns.Use> toolUses) {

        public Answer {
            toolUses = toolUses == null ? java.util.List.of() : java.util.List.copyOf(toolUses);
        }

        public Answer(String text, String model, long inputTokens, long outputTokens, boolean truncated) {
            this(text, model, inputTokens, outputTokens, truncated, java.util.List.of());
        }

        /** The forced {@link #ANSWER} tool's call, or null. */
        public ToolTurns.Use answerUse() {
            return toolUses.stream().filter(u -> ANSWER.equals(u.name())).findFirst().orElse(null);
        }
    }

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

    /**
     * The body of one round of a tool conversation: the same fixed system text and first user message as
     * {@link #requestBody}, then the earlier rounds, the tool definitions, and for a schema the {@link #ANSWER} tool or
     * the response format.
     */
    byte[] toolRequestBody(String model, int maxTokens, String instruction, JsonNode data,
                           java.util.List<ToolTurns.Spec> tools, java.util.List<ToolTurns.Turn> turns, JsonNode schema);

    /** Reads a 2xx answer; for a request with a schema, {@code text} is the answer's JSON. */
    Answer answer(EgressResponse response);

    /** The failure an error answer means; the reason never quotes the request. */
    AiFailedException failure(EgressResponse response, String who);

    /** The media type a streamed answer comes in, asked for with {@code accept}. */
    default String streamAccept() {
        return "text/event-stream";
    }

    /** The URL a streamed request goes to, from the URL of an ordinary one. */
    default URI streamEndpoint(URI endpoint) {
        return endpoint;
    }

    /**
     * The body of a streamed request for a free-text answer: {@link #requestBody}'s, asking for a stream; null when
     * this API does not stream here (its answer is then handed over in one piece).
     */
    default byte[] streamRequestBody(String model, int maxTokens, String instruction, JsonNode data) {
        return null;
    }

    /**
     * Reads a 2xx stream to its end, reporting what it holds to {@code events}.
     *
     * @throws AiFailedException for an error the provider sent in the stream, or a stream that ended before the answer
     */
    default void readStream(java.io.InputStream body, StreamEvents events, String who) throws java.io.IOException {
        throw new UnsupportedOperationException(title() + " does not stream");
    }
}

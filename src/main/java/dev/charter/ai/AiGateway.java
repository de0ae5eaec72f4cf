package dev.charter.ai;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.LocalDate;
import java.util.List;

/**
 * The AI gateway's façade.
 *
 * <p>{@link #complete} sends the request's instruction and data, and nothing else, to the provider
 * {@link #activeProvider} names for the organization (PIL-6, PIL-7): the first of its order of providers that is
 * connected or configured and allowed by the operator (by default its own endpoint, its own key, the server's
 * provider, the local fallback). It throws {@link dev.charter.shared.InvalidInputException} for a request outside the limits (empty
 * instruction, too long, too many output tokens, too long a timeout) and {@link AiFailedException} when the model did
 * not answer. Every answered request is counted in the organization's usage.
 */
public interface AiGateway {

    AiResult complete(AiRequest request);

    /**
     * Like {@link #complete}, the answer handed to {@code pieces} as it arrives, for pages that show it while the model
     * writes. The same provider answers (PIL-6), with the same instruction and data only (PIL-7), through the egress
     * gateway (policy, DLP on the request, the credential attached there). Anthropic (also on Google Vertex AI and
     * Amazon Bedrock) and OpenAI-compatible endpoints stream; the local fallback hands its answer over in pieces too.
     * The stream is cut, with the reason in {@link AiStreamResult#end()}, when the request's output token limit, the
     * day's remaining budget, the answer size limit or the request's timeout is reached; the pieces received until
     * then are the answer. Counted in usage like {@code complete} (tokens as the provider reported them, else
     * estimated for a cut stream), failures included. {@code pieces} is called on the calling thread; an exception it
     * throws stops the stream and passes through.
     *
     * @throws dev.charter.shared.InvalidInputException as for {@code complete}, and for a request with a schema (field
     *         {@code schema}): a streamed answer is text
     * @throws AiFailedException when the model did not answer, also when it failed in the middle of its answer
     *         (the pieces already handed over are then all there is)
     *
     * <p>This default answers through {@link #complete} in one piece; the gateway itself streams.
     */
    default AiStreamResult stream(AiRequest request, java.util.function.Consumer<String> pieces) {
        if (request.schema() != null) {
            throw new dev.charter.shared.InvalidInputException("schema", "A streamed answer is text: ask for a "
                    + "structured answer without streaming.");
        }
        AiResult whole = complete(request);
        if (!whole.text().isEmpty()) {
            pieces.accept(whole.text());
        }
        return new AiStreamResult(whole, whole.truncated() ? AiStreamResult.End.OUTPUT_LIMIT : AiStreamResult.End.COMPLETE);
    }

    /** The most tool rounds one request may allow. */
    int MAX_TOOL_ROUNDS = 8;

    /**
     * Like {@link #complete}, with tools the model may call: the gateway sends the tool definitions with the
     * instruction and the data; when the model asks for tools, it validates each input against the tool's schema, runs
     * the handlers and sends their results back, round after round, until the model answers or {@code maxRounds}
     * rounds have run. Every round is one model call through the egress gateway (policy, DLP), is checked against and
     * counted in the organization's daily budget, and counts in its usage. With a schema on the request the final
     * answer is structured and validated as with {@code complete}. The local fallback answers too: it calls, once,
     * every tool whose required input the request's data holds, and answers over the data and their results.
     *
     * @param tools     1 to 32 tools, each name once
     * @param maxRounds 1 to {@link #MAX_TOOL_ROUNDS}
     * @throws dev.charter.shared.InvalidInputException for a request or tools outside the limits (fields as for
     *         {@code complete}, and {@code tools}, {@code maxRounds}), before anything is sent
     * @throws AiFailedException when the model did not answer, with {@link AiFailedException.Kind#TOOL_ROUNDS_EXHAUSTED}
     *         when it still asked for a tool after the last round
     */
    AiToolResult completeWithTools(AiRequest request, List<AiTool> tools, int maxRounds);

    /**
     * Runs the request through the local fallback only, whatever key is connected: nothing leaves the server. For
     * previews and for callers that want the deterministic answer. Counted as {@link AiProvider#LOCAL} usage.
     */
    AiResult completeLocally(AiRequest request);

    /** The provider the next request of this organization would use. */
    AiProvider activeProvider(OrgId org);

    /** The provider, the key's connection, the budget and today's spending, for the AI page. */
    AiStatus status(OrgId org);

    /** The organization's order of providers; PIL-6's ({@link AiProvider} lists it) when it set none. */
    List<AiProvider> providerOrder(OrgId org);

    /**
     * Sets the organization's order of providers (the caller checked that {@code actor} is an admin) and the model its
     * own endpoint is asked for (null for the server's default). The local fallback is added at the end when the order
     * leaves it out. Refuses, with {@link dev.charter.shared.InvalidInputException} (fields {@code order},
     * {@code endpointModel}), an empty order, a repeated provider, one the operator does not allow, or a bad model name.
     * Recorded in the audit log.
     */
    void chooseProviders(OrgId org, UserId actor, List<AiProvider> order, String endpointModel);

    /** Usage per day and provider, {@code from} and {@code to} included, oldest first. */
    List<AiUsageDay> usage(OrgId org, LocalDate from, LocalDate to);
}

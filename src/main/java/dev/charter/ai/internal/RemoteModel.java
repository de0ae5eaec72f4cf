package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiFailedException.Kind;
import dev.charter.ai.AiStreamResult;
import dev.charter.egress.EgressLimitException;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One call of a model API through the egress gateway, which attaches the key. The caller's timeout bounds the wait;
 * an answer that arrives later is still counted (it was paid for) but not returned.
 */
final class RemoteModel implements AutoCloseable {

    private final EgressGateway egress;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ai-call");
        t.setDaemon(true);
        return t;
    });

    RemoteModel(EgressGateway egress) {
        this.egress = egress;
    }

    /**
     * @param route   the provider, its API, endpoint, credential and model
     * @param counted receives the answer's token usage, whenever it arrives
     */
    ModelApi.Answer call(OrgId org, UserId actor, ProviderRoutes.Route route, String instruction, JsonNode data,
                         JsonNode schema, int maxTokens, Duration timeout, Consumer<ModelApi.Answer> counted) {
        return send(org, actor, route, route.api().requestBody(route.model(), maxTokens, instruction, data, schema),
                timeout, counted);
    }

    private static EgressRequest request(OrgId org, UserId actor, ProviderRoutes.Route route, java.net.URI url,
                                         byte[] body, String accept) {
        ModelApi api = route.api();
        EgressRequest.Builder builder = EgressRequest.builder(api.purpose(), org)
                .actor(actor)
                .method("POST")
                .url(url)
                .header("content-type", "application/json");
        if (accept != null) {
            builder.header("accept", accept);
        }
        String[] headers = api.headers();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.body(body).credential(route.credential()).build();
    }

    /** One call with a body the route's API built (a round of a tool conversation). */
    ModelApi.Answer send(OrgId org, UserId actor, ProviderRoutes.Route route, byte[] body, Duration timeout,
                         Consumer<ModelApi.Answer> counted) {
        ModelApi api = route.api();
        EgressRequest request = request(org, actor, route, route.endpoint(), body, null);
        String who = route.who();
        // counted inside the call, before the future completes: a caller that got the answer sees it counted
        CompletableFuture<ModelApi.Answer> future = CompletableFuture.supplyAsync(() -> {
            ModelApi.Answer answer = exchange(api, request, who, egress);
            counted.accept(answer);
            return answer;
        }, calls);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AiFailedException(Kind.TIMEOUT, "The model did not answer within " + timeout.toSeconds()
                    + " seconds. Try again, or allow a longer timeout.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiFailedException(Kind.TIMEOUT, "Interrupted while waiting for the model.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AiFailedException(Kind.PROVIDER_UNAVAILABLE, "The model call failed.", null, e.getCause());
        }
    }

    /** What a streamed call produced. */
    record Streamed(String text, String model, long inputTokens, long outputTokens, boolean estimated,
                    AiStreamResult.End end) {}

    /** Receives a call's tokens. */
    @FunctionalInterface
    interface Tokens {
        void add(long input, long output);
    }

    /**
     * One streamed call: the pieces of the answer go to {@code pieces} as they arrive, on this thread. The stream is
     * cut at {@code maxTokens} (about four characters a token, for a provider that does not stop there itself), at
     * {@code timeout} and at the purpose's size limit; its tokens go to {@code counted} once it ended, failed or was
     * cut, if the model started answering. An API that does not stream answers in one piece.
     *
     * @param budgetBound {@code maxTokens} is what remains of the day's budget, lower than the request's limit
     * @param inputEstimate the input tokens to count when the provider reports none
     */
    Streamed stream(OrgId org, UserId actor, ProviderRoutes.Route route, String instruction, JsonNode data,
                    int maxTokens, boolean budgetBound, long inputEstimate, Duration timeout, Consumer<String> pieces,
                    Tokens counted) {
        ModelApi api = route.api();
        AiStreamResult.End atLimit = budgetBound ? AiStreamResult.End.BUDGET_LIMIT : AiStreamResult.End.OUTPUT_LIMIT;
        byte[] body = api.streamRequestBody(route.model(), maxTokens, instruction, data);
        if (body == null) {
            ModelApi.Answer whole = call(org, actor, route, instruction, data, null, maxTokens, timeout,
                    a -> counted.add(a.inputTokens(), a.outputTokens()));
            if (!whole.text().isEmpty()) {
                pieces.accept(whole.text());
            }
            return new Streamed(whole.text(), whole.model(), whole.inputTokens(), whole.outputTokens(), false,
                    whole.truncated() ? atLimit : AiStreamResult.End.COMPLETE);
        }
        EgressRequest request = request(org, actor, route, api.streamEndpoint(route.endpoint()), body,
                api.streamAccept());
        StreamCollector collected = new StreamCollector(maxTokens, atLimit, pieces);
        boolean[] answering = {false};
        try {
            egress.stream(request, timeout, response -> {
                if (!response.isSuccess()) {
                    throw api.failure(response.readWhole(), route.who());
                }
                answering[0] = true;
                try {
                    api.readStream(response.body(), collected, route.who());
                } catch (StreamEvents.Cut cut) {
                    // the collector says which limit
                } catch (EgressLimitException e) {
                    if (e.limit() == EgressLimitException.Limit.TIME && collected.text().isEmpty()) {
                        throw new AiFailedException(Kind.TIMEOUT, "The model did not answer within "
                                + timeout.toSeconds() + " seconds. Try again, or allow a longer timeout.");
                    }
                    collected.cut(e.limit() == EgressLimitException.Limit.TIME ? AiStreamResult.End.TIME_LIMIT
                            : AiStreamResult.End.SIZE_LIMIT);
                }
                return null;
            });
        } catch (EgressDeniedException e) {
            throw new AiFailedException(Kind.EGRESS_DENIED, "The egress gateway refused the model call: " + e.reason(), null, e);
        } catch (EgressFailedException e) {
            Kind kind = e.getCause() instanceof SocketTimeoutException ? Kind.TIMEOUT : Kind.PROVIDER_UNAVAILABLE;
            throw new AiFailedException(kind, kind == Kind.TIMEOUT ? "The model did not answer within "
                    + timeout.toSeconds() + " seconds. Try again, or allow a longer timeout."
                    : "The model call failed: " + e.getMessage(), null, e);
        } finally {
            if (answering[0]) {
                counted.add(collected.inputTokens(inputEstimate), collected.outputTokens());
            }
        }
        return new Streamed(collected.text(), collected.model(), collected.inputTokens(inputEstimate),
                collected.outputTokens(), collected.estimated(), collected.end());
    }

    private static ModelApi.Answer exchange(ModelApi messages, EgressRequest request, String who, EgressGateway egress) {
        EgressResponse response;
        try {
            response = egress.send(request);
        } catch (EgressDeniedException e) {
            throw new AiFailedException(Kind.EGRESS_DENIED, "The egress gateway refused the model call: " + e.reason(), null, e);
        } catch (EgressFailedException e) {
            Kind kind = e.getCause() instanceof SocketTimeoutException ? Kind.TIMEOUT : Kind.PROVIDER_UNAVAILABLE;
            throw new AiFailedException(kind, "The model call failed: " + e.getMessage(), null, e);
        }
        if (!response.isSuccess()) {
            throw messages.failure(response, who);
        }
        return messages.answer(response);
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}

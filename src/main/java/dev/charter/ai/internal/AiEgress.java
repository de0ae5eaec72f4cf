package dev.charter.ai.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.ServerCredential;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the AI gateway may reach: POST to the Messages endpoint of the configured Anthropic base URL (purpose
 * {@code ai.anthropic}); POST to {@code …/chat/completions} of an OpenAI-compatible endpoint, the server's or one an
 * organization connected (purpose {@code ai.openai-compatible}, ADR 0054); nothing else. The operator's keys are
 * {@link ServerCredential}s that only the egress gateway reads, only for their purpose and base (ADR 0050).
 */
@Configuration(proxyBeanMethods = false)
class AiEgress {

    /** The egress purpose of every model call. */
    static final String PURPOSE = "ai.anthropic";
    /** The name of the server key at the egress gateway. */
    static final String SERVER_KEY = "ai.anthropic";
    /** The egress purpose of every call of Amazon Bedrock's runtime. */
    static final String BEDROCK_PURPOSE = "ai.bedrock";
    /** The egress purpose of every call of Anthropic models on Google Vertex AI. */
    static final String VERTEX_PURPOSE = "ai.vertex";
    /** The egress purpose of every call of an OpenAI-compatible endpoint. */
    static final String OPENAI_PURPOSE = "ai.openai-compatible";
    /** The name of the server endpoint's key at the egress gateway. */
    static final String OPENAI_SERVER_KEY = "ai.openai-compatible";
    /** The header Anthropic reads the key from. */
    static final String KEY_HEADER = "x-api-key";

    @Bean
    EgressPolicy aiAnthropicPolicy(AiSettings settings) {
        URI url = settings.anthropic().messagesUrl();
        Set<Integer> ports = url.getPort() == -1 ? Set.of() : Set.of(url.getPort());
        Destination messages = new Destination(Set.of(url.getScheme()), url.getHost(), ports, Set.of("POST"),
                List.of(url.getRawPath()));
        return EgressPolicy.forPurpose(PURPOSE)
                .allow(messages)
                .timeout(settings.maxTimeout())
                .maxResponseBytes(2L * 1024 * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                // a secret in a step's data is replaced by an alias rather than failing the step (ADR 0051)
                .dlp(DlpAction.REPLACE)
                .build();
    }

    /**
     * OpenAI-compatible endpoints: the server's endpoint or one an organization connected. Every request names its
     * endpoint's base URL (with its key, or {@link CredentialUse#none} without one), and may only POST to a path
     * ending in {@code /chat/completions} under that base. The address check still applies: a private address only
     * within {@code charter.egress.allowed-private-ranges}.
     */
    @Bean
    EgressPolicy aiOpenAiCompatiblePolicy(AiSettings settings) {
        return EgressPolicy.forPurpose(OPENAI_PURPOSE)
                .allow(new Destination(Set.of("https", "http"), Destination.CONNECTION_HOST, Set.of(), Set.of("POST"),
                        List.of("/chat/completions", "/**/chat/completions")))
                .timeout(settings.maxTimeout())
                .maxResponseBytes(2L * 1024 * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                .dlp(DlpAction.REPLACE)
                .build();
    }

    /**
     * Amazon Bedrock: POST to {@code /model/<id>/invoke} (or {@code invoke-with-response-stream}) on the connection's own host (its base URL, AWS's
     * {@code bedrock-runtime.<region>.amazonaws.com} or a VPC endpoint), signed with SigV4 by egress.
     */
    @Bean
    EgressPolicy aiBedrockPolicy(AiSettings settings) {
        return EgressPolicy.forPurpose(BEDROCK_PURPOSE)
                .allow(new Destination(Set.of("https", "http"), Destination.CONNECTION_HOST, Set.of(), Set.of("POST"),
                        List.of("/model/*/invoke", "/model/*/invoke-with-response-stream")))
                .timeout(settings.maxTimeout())
                .maxResponseBytes(2L * 1024 * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                .dlp(DlpAction.REPLACE)
                .build();
    }

    /**
     * Google Vertex AI: POST to a {@code rawPredict} (or, streamed, {@code streamRawPredict}) of an Anthropic model on the connection's own host (its base URL,
     * Google's {@code <region>-aiplatform.googleapis.com} or a Private Service Connect endpoint), with the bearer token
     * egress mints from the organization's service account key (ADR 0141).
     */
    @Bean
    EgressPolicy aiVertexPolicy(AiSettings settings) {
        return EgressPolicy.forPurpose(VERTEX_PURPOSE)
                .allow(new Destination(Set.of("https", "http"), Destination.CONNECTION_HOST, Set.of(), Set.of("POST"),
                        List.of("/v1/projects/*/locations/*/publishers/anthropic/models/*:rawPredict",
                                "/**/v1/projects/*/locations/*/publishers/anthropic/models/*:rawPredict",
                                "/v1/projects/*/locations/*/publishers/anthropic/models/*:streamRawPredict",
                                "/**/v1/projects/*/locations/*/publishers/anthropic/models/*:streamRawPredict")))
                .timeout(settings.maxTimeout())
                .maxResponseBytes(2L * 1024 * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                .dlp(DlpAction.REPLACE)
                .build();
    }

    /** The server endpoint's key, declared to the egress gateway only when the operator set an endpoint and a key. */
    @Bean
    ServerCredential aiOpenAiServerKey(AiSettings settings) {
        if (!settings.openai().configured() || !settings.openai().hasKey()) {
            return null;
        }
        return new ServerCredential(OPENAI_SERVER_KEY, Set.of(OPENAI_PURPOSE), CredentialUse.Placement.BEARER, null,
                baseOf(settings.openai().baseUrl()), settings.openai().apiKey());
    }

    /** How a request names the server endpoint's key; without a key, the endpoint's base alone. */
    static CredentialUse openAiServerKeyUse(AiSettings settings) {
        if (!settings.openai().hasKey()) {
            return CredentialUse.none(baseOf(settings.openai().baseUrl()));
        }
        return CredentialUse.server(OPENAI_SERVER_KEY, CredentialUse.Placement.BEARER, null, baseOf(settings.openai().baseUrl()));
    }

    /** The server's key, declared to the egress gateway only when the operator set one. */
    @Bean
    ServerCredential aiAnthropicServerKey(AiSettings settings) {
        if (!settings.anthropic().hasServerKey()) {
            return null;
        }
        return new ServerCredential(SERVER_KEY, Set.of(PURPOSE), CredentialUse.Placement.HEADER, KEY_HEADER,
                serverKeyBase(settings), settings.anthropic().apiKey());
    }

    /** How a request names the server key; the same base and placement as its declaration. */
    static CredentialUse serverKeyUse(AiSettings settings) {
        return CredentialUse.server(SERVER_KEY, CredentialUse.Placement.HEADER, KEY_HEADER, serverKeyBase(settings));
    }

    private static URI serverKeyBase(AiSettings settings) {
        return baseOf(settings.anthropic().baseUrl());
    }

    private static URI baseOf(URI base) {
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }
}

package dev.charter.ai.internal;

import dev.charter.ai.AiProvider;
import dev.charter.vault.SecretValue;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator settings of the AI gateway ({@code CHARTER_AI_*}).
 *
 * @param anthropic             the Anthropic Messages API
 * @param openai                the server's OpenAI-compatible chat completions endpoint, if the operator runs one
 * @param bedrock               Anthropic models on Amazon Bedrock, for organizations that connect an AWS key
 * @param serverProvider        which API the server's provider is: {@code AUTO} (the OpenAI-compatible endpoint when
 *                              one is configured, else Anthropic when a key is set), {@code ANTHROPIC},
 *                              {@code OPENAI_COMPATIBLE} or {@code NONE}
 * @param allowedProviders      which choices organizations may use; the local fallback is always allowed. For
 *                              example {@code SERVER_KEY} alone keeps every request on the server's own endpoint.
 * @param defaultMaxOutputTokens output tokens asked for when a request names none
 * @param maxOutputTokens       the most output tokens one request may ask for
 * @param maxInputChars         the longest instruction plus data (as JSON) one request may carry, in characters
 * @param defaultTimeout        how long a model may take when a request names no timeout
 * @param maxTimeout            the longest timeout a request may ask for
 * @param dailyTokenBudget      input plus output tokens each organization may spend on models per day (UTC);
 *                              0 means no limit. The local fallback does not count.
 */
@ConfigurationProperties("charter.ai")
record AiSettings(
        @DefaultValue Anthropic anthropic,
        @DefaultValue OpenAi openai,
        @DefaultValue Bedrock bedrock,
        @DefaultValue("AUTO") ServerProvider serverProvider,
        @DefaultValue("ORG_ENDPOINT,ORG_KEY,SERVER_KEY,LOCAL") Set<AiProvider> allowedProviders,
        @DefaultValue("1024") int defaultMaxOutputTokens,
        @DefaultValue("4096") int maxOutputTokens,
        @DefaultValue("100000") int maxInputChars,
        @DefaultValue("60s") Duration defaultTimeout,
        @DefaultValue("120s") Duration maxTimeout,
        @DefaultValue("200000") long dailyTokenBudget) {

    /** Which API the server's provider speaks. */
    enum ServerProvider { AUTO, ANTHROPIC, OPENAI_COMPATIBLE, NONE }

    public AiSettings {
        allowedProviders = allowedProviders == null || allowedProviders.isEmpty() ? EnumSet.of(AiProvider.LOCAL)
                : EnumSet.copyOf(allowedProviders);
        allowedProviders.add(AiProvider.LOCAL);
        if (serverProvider == ServerProvider.OPENAI_COMPATIBLE && !openai.configured()) {
            throw new IllegalArgumentException("charter.ai.server-provider is OPENAI_COMPATIBLE but charter.ai.openai.base-url is empty");
        }
        if (defaultMaxOutputTokens < 1 || maxOutputTokens < defaultMaxOutputTokens) {
            throw new IllegalArgumentException("charter.ai: need 1 <= default-max-output-tokens <= max-output-tokens");
        }
        if (maxInputChars < 1 || dailyTokenBudget < 0) {
            throw new IllegalArgumentException("charter.ai: max-input-chars must be positive, daily-token-budget >= 0");
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || maxTimeout.compareTo(defaultTimeout) < 0) {
            throw new IllegalArgumentException("charter.ai: need 0 < default-timeout <= max-timeout");
        }
    }

    /** True when the operator lets organizations use {@code p}. */
    boolean allows(AiProvider p) {
        return allowedProviders.contains(p);
    }

    /** The API of the server's provider, or null when the server has none. */
    ServerProvider effectiveServerProvider() {
        return switch (serverProvider) {
            case AUTO -> openai.configured() ? ServerProvider.OPENAI_COMPATIBLE
                    : anthropic.hasServerKey() ? ServerProvider.ANTHROPIC : null;
            case ANTHROPIC -> anthropic.hasServerKey() ? ServerProvider.ANTHROPIC : null;
            case OPENAI_COMPATIBLE -> ServerProvider.OPENAI_COMPATIBLE;
            case NONE -> null;
        };
    }

    /** {@code base} with {@code path} appended, one slash between them. */
    static URI under(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    /**
     * The server's OpenAI-compatible endpoint ({@code CHARTER_AI_OPENAI_*}), for example a vLLM inside the operator's
     * network.
     *
     * @param baseUrl the part before {@code /chat/completions} ({@code https://llm.internal.example/v1}); empty for none
     * @param model   the model id sent with every request, also the default for organizations' own endpoints
     * @param apiKey  the endpoint's key, sent as a bearer token; empty for an endpoint without one. Held redacted,
     *                handed to the egress gateway only.
     */
    record OpenAi(URI baseUrl, @DefaultValue("default") String model, SecretValue apiKey) {

        public OpenAi {
            if (baseUrl != null && baseUrl.toString().isBlank()) {
                baseUrl = null;
            }
            if (baseUrl != null && (!baseUrl.isAbsolute() || baseUrl.getHost() == null || baseUrl.getRawQuery() != null
                    || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())))) {
                throw new IllegalArgumentException("charter.ai.openai.base-url must be an http(s) URL with a host and no query");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("charter.ai.openai.model must name a model");
            }
        }

        boolean configured() {
            return baseUrl != null;
        }

        boolean hasKey() {
            return apiKey != null && !apiKey.isBlank();
        }

        @Override
        public String toString() {
            return "OpenAi[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasKey() ? "(set)" : "(none)") + "]";
        }
    }

    /**
     * Amazon Bedrock ({@code CHARTER_AI_BEDROCK_*}).
     *
     * @param model the model id InvokeModel is called for
     */
    record Bedrock(@DefaultValue("anthropic.claude-sonnet-4-5-20250929-v1:0") String model) {
        public Bedrock {
            if (model == null || model.isBlank() || model.length() > 200) {
                throw new IllegalArgumentException("charter.ai.bedrock.model must name a model");
            }
        }
    }

    /**
     * The Anthropic Messages API.
     *
     * @param baseUrl the API's base URL; requests go to {@code <base>/v1/messages}
     * @param model   the model id sent with every request
     * @param version the {@code anthropic-version} header
     * @param apiKey  the server's key ({@code CHARTER_AI_ANTHROPIC_API_KEY}), or empty for none; held redacted, handed
     *                to the egress gateway only
     */
    record Anthropic(
            @DefaultValue("https://api.anthropic.com") URI baseUrl,
            @DefaultValue("claude-sonnet-5") String model,
            @DefaultValue("2023-06-01") String version,
            SecretValue apiKey) {

        public Anthropic {
            if (!baseUrl.isAbsolute() || baseUrl.getHost() == null || baseUrl.getRawQuery() != null
                    || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("charter.ai.anthropic.base-url must be an http(s) URL with a host and no query");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("charter.ai.anthropic.model must name a model");
            }
        }

        public boolean hasServerKey() {
            return apiKey != null && !apiKey.isBlank();
        }

        /** The Messages endpoint. */
        public URI messagesUrl() {
            return under(baseUrl, "/v1/messages");
        }

        @Override
        public String toString() {
            return "Anthropic[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasServerKey() ? "(set)" : "(none)") + "]";
        }
    }
}

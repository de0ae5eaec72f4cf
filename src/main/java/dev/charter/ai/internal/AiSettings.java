package dev.charter.ai.internal;

import dev.charter.vault.SecretValue;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator settings of the AI gateway ({@code CHARTER_AI_*}).
 *
 * @param anthropic             the Anthropic Messages API
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
        @DefaultValue("1024") int defaultMaxOutputTokens,
        @DefaultValue("4096") int maxOutputTokens,
        @DefaultValue("100000") int maxInputChars,
        @DefaultValue("60s") Duration defaultTimeout,
        @DefaultValue("120s") Duration maxTimeout,
        @DefaultValue("200000") long dailyTokenBudget) {

    public AiSettings {
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
            String base = baseUrl.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/messages");
        }

        @Override
        public String toString() {
            return "Anthropic[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasServerKey() ? "(set)" : "(none)") + "]";
        }
    }
}

package dev.charter.egress.internal;

import dev.charter.egress.DlpAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Operator settings of the egress gateway ({@code CHARTER_EGRESS_*}).
 *
 * @param allowedPrivateRanges CIDR ranges that may be reached although they are private, loopback or link-local
 *                             ({@code 10.1.2.0/24}, {@code 127.0.0.1/32} for local development); empty by default
 * @param denyHosts            host names or {@code *.suffix} patterns no purpose may reach
 * @param policies             per-purpose overrides, keyed by purpose ({@code "[pilots.http-step]"} in YAML)
 * @param aliasKey             base64 key (32 bytes or more) for DLP aliases; when empty a key file under the data
 *                             folder is used
 * @param userAgent            the User-Agent sent when the caller sets none
 * @param smtpLocalHost        the name Charter gives itself in SMTP's EHLO (never looked up); best a name that resolves
 *                             to this server's outgoing address, as some servers check it
 * @param googleTokenUrl       where Google service account keys are exchanged for access tokens (a JWT bearer grant);
 *                             the key file's own {@code token_uri} is never used
 */
@ConfigurationProperties("charter.egress")
public record EgressSettings(
        @DefaultValue List<String> allowedPrivateRanges,
        @DefaultValue List<String> denyHosts,
        Map<String, PolicyOverride> policies,
        String aliasKey,
        @DefaultValue("Charter") String userAgent,
        @DefaultValue("localhost") String smtpLocalHost,
        @DefaultValue("https://oauth2.googleapis.com/token") java.net.URI googleTokenUrl) {

    public EgressSettings {
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        if (googleTokenUrl == null) {
            googleTokenUrl = java.net.URI.create("https://oauth2.googleapis.com/token");
        }
        if (!googleTokenUrl.isAbsolute() || googleTokenUrl.getHost() == null || googleTokenUrl.getRawQuery() != null
                || !("https".equals(googleTokenUrl.getScheme()) || "http".equals(googleTokenUrl.getScheme()))) {
            throw new IllegalArgumentException("charter.egress.google-token-url must be an http(s) URL with a host and no query");
        }
    }


    /**
     * An operator's change to one purpose's policy. Every field is optional; an absent field keeps the module's value.
     *
     * @param enabled           false denies every request of the purpose
     * @param denyHosts         hosts ({@code *.suffix} allowed) this purpose may not reach although its policy allows them
     * @param extraDestinations URL prefixes this purpose may also reach with the methods of its policy
     *                          ({@code https://llm.internal.example:8443/v1/})
     * @param dlp               BLOCK or REPLACE
     */
    public record PolicyOverride(Boolean enabled, List<String> denyHosts, List<String> extraDestinations,
                                 Duration connectTimeout, Duration timeout, DataSize maxRequestSize,
                                 DataSize maxResponseSize, Integer requestsPerMinute, Integer maxRedirects,
                                 DlpAction dlp) {}

    @Override
    public String toString() {
        return "EgressSettings[allowedPrivateRanges=" + allowedPrivateRanges + ", denyHosts=" + denyHosts
                + ", policies=" + policies.keySet() + ", aliasKey=" + (aliasKey == null ? "file" : "(set)") + "]";
    }
}

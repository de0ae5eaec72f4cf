package dev.charter.connectors.internal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection settings ({@code CHARTER_CONNECTORS_*}).
 *
 * @param httpAllowedHosts hosts a connection may reach over plain http, for development only (for example
 *                         {@code localhost,127.0.0.1}); every other connection must use https. Empty by default.
 * @param resendBaseUrl    Resend's API, the default base URL of a Resend connection
 * @param anthropicBaseUrl Anthropic's API, the default base URL of an Anthropic connection
 */
@ConfigurationProperties("charter.connectors")
record ConnectorsSettings(@DefaultValue("") List<String> httpAllowedHosts,
                          @DefaultValue("https://api.resend.com") String resendBaseUrl,
                          @DefaultValue("https://api.anthropic.com") String anthropicBaseUrl) {

    boolean allowsHttp(String host) {
        return host != null && httpAllowedHosts.stream().anyMatch(h -> h.equalsIgnoreCase(host));
    }
}

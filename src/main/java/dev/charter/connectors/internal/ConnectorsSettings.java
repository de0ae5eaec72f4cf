package dev.charter.connectors.internal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection settings ({@code CHARTER_CONNECTORS_*}).
 *
 * @param httpAllowedHosts hosts a connection may reach over plain http, for development only (for example
 *                         {@code localhost,127.0.0.1}); every other connection must use https. Empty by default.
 */
@ConfigurationProperties("charter.connectors")
record ConnectorsSettings(@DefaultValue("") List<String> httpAllowedHosts) {

    boolean allowsHttp(String host) {
        return host != null && httpAllowedHosts.stream().anyMatch(h -> h.equalsIgnoreCase(host));
    }
}

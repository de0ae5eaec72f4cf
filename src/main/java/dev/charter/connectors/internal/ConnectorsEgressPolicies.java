package dev.charter.connectors.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the connections module may reach: only a connection's own service (HTTP, SMTP or IMAP), to verify it. */
@Configuration(proxyBeanMethods = false)
class ConnectorsEgressPolicies {

    @Bean
    EgressPolicy connectorsVerifyPolicy() {
        return EgressPolicy.forPurpose(EgressConnectionProbe.PURPOSE)
                .allow(Destination.connection().withMethods("GET", "POST"))
                .allow(Destination.smtp())
                .allow(Destination.imap())
                .maxRedirects(0)
                .build();
    }

    /** An OAuth token endpoint: the one the grant names (its origin), POST only, no redirects. */
    @Bean
    EgressPolicy connectorsOAuthTokenPolicy() {
        return EgressPolicy.forPurpose(OAuthConnectionService.TOKEN_PURPOSE)
                .allow(Destination.connection().withMethods("POST"))
                .maxRedirects(0)
                .build();
    }
}

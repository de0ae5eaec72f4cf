package dev.charter.crews.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where Crews may send: a lead, as a JSON POST over HTTPS on port 443, to the URL the organization set. */
@Configuration(proxyBeanMethods = false)
class CrewsEgressPolicies {

    @Bean
    EgressPolicy crewsLeadPolicy() {
        return EgressPolicy.forPurpose(Leads.PURPOSE)
                .allow(Destination.https(Destination.ANY_HOST).withMethods("POST"))
                .maxRedirects(0)
                .build();
    }
}

package dev.charter.reviews.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What Reviews may reach: the connected tool's own API (its connection's base URL), GET only, to read metadata. */
@Configuration(proxyBeanMethods = false)
class ReviewsEgressPolicies {

    @Bean
    EgressPolicy reviewsSyncPolicy() {
        return EgressPolicy.forPurpose(WorkSignalService.PURPOSE)
                .allow(Destination.connection().withMethods("GET"))
                .requestsPerMinute(6000)
                .maxRedirects(0)
                .build();
    }
}

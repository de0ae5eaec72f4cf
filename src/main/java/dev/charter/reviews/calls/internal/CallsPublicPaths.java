package dev.charter.reviews.calls.internal;

import dev.charter.identity.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The call providers' webhooks are reached without a session; each is checked with the provider's secret. */
@Configuration(proxyBeanMethods = false)
class CallsPublicPaths {

    @Bean
    PublicPaths callWebhookPaths() {
        return new PublicPaths(List.of("/webhooks/calls/**"), true);
    }
}

package dev.charter.perfcases.internal;

import dev.charter.identity.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The GitHub App's webhook is reached without a session; each delivery is checked with the App's webhook secret. */
@Configuration(proxyBeanMethods = false)
class PerfcasesPublicPaths {

    @Bean
    PublicPaths perfcasesWebhookPaths() {
        return new PublicPaths(List.of("/webhooks/perfcases/**"), true);
    }
}

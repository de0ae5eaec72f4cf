package dev.charter.pilots.internal;

import dev.charter.identity.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Delivery URLs are reached without a session; their per-Pilot secret authenticates them. */
@Configuration(proxyBeanMethods = false)
class PilotsPublicPaths {

    @Bean
    PublicPaths pilotDeliveryPaths() {
        return new PublicPaths(List.of("/hooks/**"), true);
    }
}

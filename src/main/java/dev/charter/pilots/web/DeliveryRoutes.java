package dev.charter.pilots.web;

import dev.charter.shared.HighVolumeRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deliveries are the Pilots' high-volume routes: they are looked up before, and apart from, every other route. */
@Configuration(proxyBeanMethods = false)
class DeliveryRoutes {

    @Bean
    HighVolumeRoutes pilotsDeliveryRoutes() {
        return HighVolumeRoutes.of(DeliveryController.class);
    }
}

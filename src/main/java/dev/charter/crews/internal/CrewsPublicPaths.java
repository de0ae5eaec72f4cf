package dev.charter.crews.internal;

import dev.charter.identity.PublicPaths;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The chat widget's routes are reached by a site's visitors, who have no Charter account. They run on the short
 * chain for machine endpoints: no session lookup, no security context, no CSRF token, so nothing there can set a
 * cookie (CRW-9). A widget's own key, its allowed site origins and the visitor's conversation token authenticate
 * them instead.
 */
@Configuration(proxyBeanMethods = false)
class CrewsPublicPaths {

    @Bean
    PublicPaths crewsWidgetPaths() {
        return new PublicPaths(List.of("/widget/**", "/api/v1/crews/widget/**"), true);
    }
}

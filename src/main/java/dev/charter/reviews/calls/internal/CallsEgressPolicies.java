package dev.charter.reviews.calls.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the call providers' clients may reach (REV-5): each connection's own service, only the paths that list
 * attendees and read transcripts the provider produced (and the token endpoint of a client credentials grant). No
 * path that serves audio or video is on any list: Zoom's recording listings and play pages, Graph's
 * {@code /recordings}, Aircall's recording and voicemail files (on other hosts) are refused by egress and audited.
 */
@Configuration(proxyBeanMethods = false)
class CallsEgressPolicies {

    static final String ZOOM = "reviews.calls-zoom";
    static final String AIRCALL = "reviews.calls-aircall";
    static final String TEAMS = "reviews.calls-teams";

    @Bean
    EgressPolicy reviewsCallsZoomPolicy() {
        return EgressPolicy.forPurpose(ZOOM)
                .allow(Destination.connection().withMethods("POST").withPaths("/oauth/token"))
                .allow(Destination.connection().withMethods("GET").withPaths("/v2/past_meetings/*/participants",
                        "/v2/users/me", "/rec/download/*", "/rec/webhook_download/*"))
                .timeout(Duration.ofSeconds(30)).maxResponseBytes(8L * 1024 * 1024).requestsPerMinute(120).maxRedirects(0)
                .build();
    }

    @Bean
    EgressPolicy reviewsCallsAircallPolicy() {
        return EgressPolicy.forPurpose(AIRCALL)
                .allow(Destination.connection().withMethods("GET").withPaths("/v1/ping", "/v1/calls/*",
                        "/v1/calls/*/transcription"))
                .timeout(Duration.ofSeconds(30)).requestsPerMinute(60).maxRedirects(0)
                .build();
    }

    @Bean
    EgressPolicy reviewsCallsTeamsPolicy() {
        return EgressPolicy.forPurpose(TEAMS)
                .allow(Destination.connection().withMethods("POST").withPaths("/*/oauth2/v2.0/token"))
                .allow(Destination.connection().withMethods("GET").withPaths("/v1.0/communications/onlineMeetings/*",
                        "/v1.0/communications/onlineMeetings/*/transcripts",
                        "/v1.0/communications/onlineMeetings/*/transcripts/*/content"))
                .timeout(Duration.ofSeconds(30)).maxResponseBytes(8L * 1024 * 1024).requestsPerMinute(60).maxRedirects(0)
                .build();
    }
}

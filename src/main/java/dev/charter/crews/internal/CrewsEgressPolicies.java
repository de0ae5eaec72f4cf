package dev.charter.crews.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where Crews may send: a lead, as a JSON POST over HTTPS on port 443, to the URL the organization set; and a crew's
 * support mailbox, read on its IMAP connection's own server and answered through its SMTP connection's own server.
 */
@Configuration(proxyBeanMethods = false)
class CrewsEgressPolicies {

    @Bean
    EgressPolicy crewsLeadPolicy() {
        return EgressPolicy.forPurpose(Leads.PURPOSE)
                .allow(Destination.https(Destination.ANY_HOST).withMethods("POST"))
                .maxRedirects(0)
                .build();
    }

    @Bean
    EgressPolicy crewsMailboxPolicy() {
        // a message over 10 MB is refused before it is fetched; its text is kept, its attachments are not
        return EgressPolicy.forPurpose(CrewMailboxes.IMAP_PURPOSE).allow(Destination.imap())
                .limits(new EgressPolicy.Limits(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60),
                        10 * 1024 * 1024, 10 * 1024 * 1024, 120, 0))
                .build();
    }

    @Bean
    EgressPolicy crewsReplyPolicy() {
        return EgressPolicy.forPurpose(CrewMailboxes.SMTP_PURPOSE).allow(Destination.smtp()).requestsPerMinute(120).build();
    }
}

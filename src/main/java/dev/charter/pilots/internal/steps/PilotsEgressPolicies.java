package dev.charter.pilots.internal.steps;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the outbound steps may send. The HTTP step reaches any public https host, or its connection's own base
 * URL; Slack and email reach only their connection's host (for SMTP, on the SMTP ports 25, 465 and 587). The gateway's address checks (no private, loopback
 * or link-local addresses unless the operator allowed them) and DLP apply to all of them.
 */
@Configuration(proxyBeanMethods = false)
class PilotsEgressPolicies {

    @Bean
    EgressPolicy pilotsHttpStepPolicy() {
        String[] methods = HttpStep.METHODS.toArray(String[]::new);
        return EgressPolicy.forPurpose(HttpStep.PURPOSE)
                .allow(Destination.https(Destination.ANY_HOST).withMethods(methods))
                .allow(Destination.connection().withMethods(methods))
                .build();
    }

    @Bean
    EgressPolicy pilotsSlackPolicy() {
        return EgressPolicy.forPurpose(SlackStep.PURPOSE)
                .allow(Destination.connection().withMethods("POST"))
                .maxRedirects(0)
                .build();
    }

    @Bean
    EgressPolicy pilotsEmailSmtpPolicy() {
        return EgressPolicy.forPurpose(EmailStep.SMTP_PURPOSE)
                .allow(Destination.smtp())
                .build();
    }

    @Bean
    EgressPolicy pilotsEmailResendPolicy() {
        return EgressPolicy.forPurpose(EmailStep.PURPOSE)
                .allow(Destination.connection().withMethods("POST").withPaths("/**"))
                .maxRedirects(0)
                .build();
    }
}

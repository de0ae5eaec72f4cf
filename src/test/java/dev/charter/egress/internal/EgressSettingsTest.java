package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.DlpAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** The settings bind as docs/egress.md documents them: environment variables and per-purpose overrides. */
class EgressSettingsTest {

    @Test
    void defaultsAreEmptyAndSafe() {
        EgressSettings s = new Binder(new MapConfigurationPropertySource(Map.of("charter.other", "x")))
                .bindOrCreate("charter.egress", EgressSettings.class);
        assertThat(s.allowedPrivateRanges()).isEmpty();
        assertThat(s.denyHosts()).isEmpty();
        assertThat(s.policies()).isEmpty();
        assertThat(s.userAgent()).isEqualTo("Charter");
    }

    @Test
    void environmentVariablesBind() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", Map.of(
                "CHARTER_EGRESS_ALLOWED_PRIVATE_RANGES", "127.0.0.1/32,10.20.0.0/16",
                "CHARTER_EGRESS_DENY_HOSTS", "*.corp.example")));
        EgressSettings s = Binder.get(env).bindOrCreate("charter.egress", EgressSettings.class);
        assertThat(s.allowedPrivateRanges()).containsExactly("127.0.0.1/32", "10.20.0.0/16");
        assertThat(s.denyHosts()).containsExactly("*.corp.example");
    }

    @Test
    void perPurposeOverridesBindWithDottedKeys() {
        Map<String, String> props = Map.of(
                "charter.egress.policies[pilots.http-step].deny-hosts[0]", "*.corp.example",
                "charter.egress.policies[pilots.http-step].extra-destinations[0]", "https://llm.internal.example:8443/v1/",
                "charter.egress.policies[pilots.http-step].timeout", "10s",
                "charter.egress.policies[pilots.http-step].max-response-size", "2MB",
                "charter.egress.policies[pilots.http-step].requests-per-minute", "30",
                "charter.egress.policies[pilots.http-step].dlp", "replace",
                "charter.egress.policies[connectors.verify].enabled", "false");
        EgressSettings s = new Binder(new MapConfigurationPropertySource(props)).bindOrCreate("charter.egress", EgressSettings.class);
        EgressSettings.PolicyOverride o = s.policies().get("pilots.http-step");
        assertThat(o.denyHosts()).containsExactly("*.corp.example");
        assertThat(o.extraDestinations()).containsExactly("https://llm.internal.example:8443/v1/");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(o.requestsPerMinute()).isEqualTo(30);
        assertThat(o.dlp()).isEqualTo(DlpAction.REPLACE);
        assertThat(s.policies().get("connectors.verify").enabled()).isFalse();
        assertThat(List.copyOf(s.policies().keySet())).containsExactlyInAnyOrder("pilots.http-step", "connectors.verify");
    }
}

package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The pure decision: deny by default, allowlists of host, scheme, port, method and path, connection bases, addresses. */
class PolicyEngineTest {

    static final EgressPolicy GITHUB = EgressPolicy.forPurpose("reviews.github")
            .allow(Destination.https("api.github.com").withMethods("GET", "POST").withPaths("/repos/**", "/user"))
            .allow(Destination.https("*.githubusercontent.com"))
            .build();
    static final EgressPolicy VERIFY = EgressPolicy.forPurpose("connectors.verify")
            .allow(Destination.connection().withMethods("GET", "POST")).build();

    private final PolicyEngine engine = PolicyRegistry.build(List.of(GITHUB, VERIFY), settings(List.of(), Map.of()));

    static EgressSettings settings(List<String> denyHosts, Map<String, EgressSettings.PolicyOverride> overrides) {
        return new EgressSettings(List.of(), denyHosts, overrides, null, "Charter", "localhost", null);
    }

    static Target target(String purpose, String method, String url, String base) {
        return RequestShape.target(purpose, URI.create(url), method, base == null ? null : URI.create(base));
    }

    @Test
    @Tag("claim:EGR-2")
    void smtpGoesOnlyToTheConnectionsHostOnAnSmtpPort() {
        EgressPolicy mail = EgressPolicy.forPurpose("pilots.email.smtp").allow(Destination.smtp()).build();
        PolicyEngine e = PolicyRegistry.build(List.of(mail, VERIFY), settings(List.of(), Map.of()));
        URI base = URI.create("smtp://smtp.example.com:587");
        assertThat(e.precheck(new Target("pilots.email.smtp", "smtp", "smtp.example.com", 587, "SMTP", "/", base)).allowed())
                .isTrue();
        assertThat(e.precheck(new Target("pilots.email.smtp", "smtp", "other.example", 587, "SMTP", "/", base)).reason())
                .contains("credential may only go to");
        URI odd = URI.create("smtp://smtp.example.com:2525");
        assertThat(e.precheck(new Target("pilots.email.smtp", "smtp", "smtp.example.com", 2525, "SMTP", "/", odd)).reason())
                .contains("port 2525 is not allowed");
        // an HTTP purpose cannot open an SMTP session, nor an SMTP destination take an HTTP request
        assertThat(e.precheck(new Target("connectors.verify", "smtp", "smtp.example.com", 587, "SMTP", "/", base)).allowed())
                .isFalse();
        assertThat(e.precheck(target("pilots.email.smtp", "POST", "https://smtp.example.com/x", "https://smtp.example.com/"))
                .allowed()).isFalse();

        var extra = new EgressSettings.PolicyOverride(null, null, List.of("smtp://smtp.example.com:2525"), null, null, null,
                null, null, null, null);
        PolicyEngine widened = PolicyRegistry.build(List.of(mail), settings(List.of(), Map.of("pilots.email.smtp", extra)));
        assertThat(widened.precheck(new Target("pilots.email.smtp", "smtp", "smtp.example.com", 2525, "SMTP", "/", odd))
                .allowed()).isTrue();
    }

    @Test
    @Tag("claim:EGR-2")
    void deniesEveryPurposeWithoutAPolicy() {
        PolicyDecision d = engine.precheck(target("pilots.http-step", "GET", "https://api.github.com/user", null));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("no egress policy").contains("pilots.http-step");
    }

    @Test
    @Tag("claim:EGR-2")
    void allowsOnlyWhatTheAllowlistNames() {
        assertThat(engine.precheck(target("reviews.github", "GET", "https://api.github.com/repos/a/b/pulls", null)).allowed()).isTrue();
        assertThat(engine.precheck(target("reviews.github", "POST", "https://api.github.com/user", null)).allowed()).isTrue();
        assertThat(engine.precheck(target("reviews.github", "GET", "https://raw.githubusercontent.com/x", null)).allowed()).isTrue();

        assertDenied(target("reviews.github", "GET", "https://evil.example/repos/a", null), "host evil.example is not on the allowlist");
        assertDenied(target("reviews.github", "GET", "https://githubusercontent.com/x", null), "not on the allowlist");
        assertDenied(target("reviews.github", "GET", "https://api.github.com.evil.example/user", null), "not on the allowlist");
        assertDenied(target("reviews.github", "GET", "http://api.github.com/user", null), "scheme http is not allowed");
        assertDenied(target("reviews.github", "GET", "https://api.github.com:8443/user", null), "port 8443 is not allowed");
        assertDenied(target("reviews.github", "DELETE", "https://api.github.com/repos/a/b", null), "method DELETE is not allowed");
        assertDenied(target("reviews.github", "GET", "https://api.github.com/admin", null), "path is not allowed");
        assertDenied(target("reviews.github", "GET", "https://api.github.com/users", null), "path is not allowed");
        assertDenied(target("reviews.github", "POST", "https://raw.githubusercontent.com/x", null), "method POST");
    }

    @Test
    @Tag("claim:EGR-2")
    void aConnectionDestinationIsItsBaseUrlAndNothingElse() {
        String base = "https://hooks.example.com/services/";
        assertThat(engine.precheck(target("connectors.verify", "POST", "https://hooks.example.com/services/T1/B2", base)).allowed()).isTrue();
        assertThat(engine.precheck(target("connectors.verify", "POST", "https://hooks.example.com/services", base)).allowed()).isTrue();
        assertDenied(target("connectors.verify", "POST", "https://hooks.example.com/servicesX", base), "may only go to");
        assertDenied(target("connectors.verify", "POST", "https://hooks.example.com/other", base), "may only go to");
        assertDenied(target("connectors.verify", "POST", "http://hooks.example.com/services/x", base), "may only go to");
        assertDenied(target("connectors.verify", "POST", "https://hooks.example.com:444/services/x", base), "may only go to");
        assertDenied(target("connectors.verify", "POST", "https://other.example.com/services/x", base), "may only go to");
        // without a connection the connection destination matches nothing
        assertDenied(target("connectors.verify", "POST", "https://hooks.example.com/services/x", null), "not on the allowlist");
    }

    @Test
    @Tag("claim:EGR-2")
    void refusesWhenAnyResolvedAddressIsNotPublic() throws Exception {
        Target t = target("reviews.github", "GET", "https://api.github.com/user", null);
        ResolvedAddresses mixed = new ResolvedAddresses("api.github.com",
                List.of(InetAddress.getByName("140.82.112.5"), InetAddress.getByName("127.0.0.1")));
        PolicyDecision d = engine.decide(t, mixed);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("127.0.0.1").contains("loopback").contains("allowed-private-ranges");
        assertThat(engine.decide(t, new ResolvedAddresses("api.github.com", List.of(InetAddress.getByName("140.82.112.5"))))
                .allowed()).isTrue();
        assertThat(engine.decide(t, new ResolvedAddresses("api.github.com", List.of())).allowed()).isFalse();
    }

    @Test
    @Tag("claim:EGR-2")
    void refusesMetadataHostsByNameWhateverTheyResolveTo() {
        EgressPolicy any = EgressPolicy.forPurpose("pilots.http-step").allow(Destination.https(Destination.ANY_HOST)
                .withSchemes("http", "https")).build();
        PolicyEngine e = PolicyRegistry.build(List.of(any), settings(List.of(), Map.of()));
        assertThat(e.precheck(target("pilots.http-step", "GET", "http://metadata.google.internal/computeMetadata/v1/", null))
                .reason()).contains("cloud metadata host");
        assertThat(e.precheck(target("pilots.http-step", "GET", "https://example.org/", null)).allowed()).isTrue();
    }

    @Test
    void operatorOverridesNarrowTuneAndExtendPolicies() {
        EgressSettings.PolicyOverride off = new EgressSettings.PolicyOverride(false, null, null, null, null, null, null, null, null, null);
        EgressSettings.PolicyOverride tuned = new EgressSettings.PolicyOverride(null, List.of("*.githubusercontent.com"),
                List.of("https://ghe.internal.example:8443/api/v3/"), null, Duration.ofSeconds(3), null,
                DataSize.ofKilobytes(64), 5, 0, DlpAction.REPLACE);
        PolicyEngine e = PolicyRegistry.build(List.of(GITHUB, VERIFY),
                settings(List.of("evil.example"), Map.of("connectors.verify", off, "reviews.github", tuned)));

        assertDenied(e, target("connectors.verify", "GET", "https://hooks.example.com/x", "https://hooks.example.com/"), "switched off");
        assertDenied(e, target("reviews.github", "GET", "https://raw.githubusercontent.com/x", null), "deny list");
        PolicyDecision extra = e.precheck(target("reviews.github", "POST", "https://ghe.internal.example:8443/api/v3/repos", null));
        assertThat(extra.allowed()).isTrue();
        assertThat(extra.policy().limits().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(extra.policy().limits().maxResponseBytes()).isEqualTo(64 * 1024);
        assertThat(extra.policy().limits().requestsPerMinute()).isEqualTo(5);
        assertThat(extra.policy().limits().maxRedirects()).isZero();
        assertThat(extra.policy().dlp()).isEqualTo(DlpAction.REPLACE);
        assertDenied(e, target("reviews.github", "POST", "https://ghe.internal.example:8443/api/v4/x", null), "path is not allowed");
    }

    @Test
    void globalDenyHostsBeatEveryPolicy() {
        EgressPolicy any = EgressPolicy.forPurpose("pilots.http-step").allow(Destination.https(Destination.ANY_HOST)).build();
        PolicyEngine e = PolicyRegistry.build(List.of(any), settings(List.of("*.corp.example", "evil.example"), Map.of()));
        assertDenied(e, target("pilots.http-step", "GET", "https://x.corp.example/", null), "deny list");
        assertDenied(e, target("pilots.http-step", "GET", "https://evil.example/", null), "deny list");
        assertThat(e.precheck(target("pilots.http-step", "GET", "https://corp.example/", null)).allowed()).isTrue();
    }

    @Test
    void twoModulesCannotDeclareTheSamePurpose() {
        assertThatThrownBy(() -> PolicyRegistry.build(List.of(GITHUB, GITHUB), settings(List.of(), Map.of())))
                .hasMessageContaining("two egress policies declare purpose 'reviews.github'");
    }

    @Test
    void badDeclarationsFailEarly() {
        assertThatThrownBy(() -> EgressPolicy.forPurpose("NoDots").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Destination.https("a*.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Destination.https("x.example.com").withSchemes("ftp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Destination.https("x.example.com").withPaths("relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyRegistry.fromPrefix("p.q", "https://u:p@host/", java.util.Set.of("GET")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestShapeRefusesAmbiguousUrls() {
        assertShape("ftp://example.com/", "only http and https");
        assertShape("https://user:pass@example.com/", "user information");
        assertShape("https://example.com/a/../admin", "'.' or '..'");
        assertShape("https://example.com/a/%2e%2E/admin", "'.' or '..'");
        assertShape("https://exa_mple.com/", "not a valid host name");
        assertShape("mailto:someone@example.com", "only http and https");
        assertThat(RequestShape.target("p.q", URI.create("https://Example.COM./x"), "GET", null).host()).isEqualTo("example.com");
        assertThat(RequestShape.target("p.q", URI.create("http://[::1]:8080/x"), "GET", null).host()).isEqualTo("::1");
        assertThatThrownBy(() -> RequestShape.target("p.q", URI.create("https://example.com/"), "TRACE", null))
                .hasMessageContaining("method TRACE");
    }

    private void assertDenied(Target t, String reason) {
        assertDenied(engine, t, reason);
    }

    private static void assertDenied(PolicyEngine e, Target t, String reason) {
        PolicyDecision d = e.precheck(t);
        assertThat(d.allowed()).as(t.toString()).isFalse();
        assertThat(d.reason()).contains(reason);
    }

    private static void assertShape(String url, String reason) {
        assertThatThrownBy(() -> RequestShape.target("p.q", URI.create(url), "GET", null)).hasMessageContaining(reason);
    }
}

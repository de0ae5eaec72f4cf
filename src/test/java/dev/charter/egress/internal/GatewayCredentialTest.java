package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** EGR-3: the gateway attaches credentials, only after every check passed, only towards the connection's base. */
class GatewayCredentialTest {

    static final OrgId ORG = OrgId.random();
    static final String TOKEN = "tok-9f8e7d6c5b4a39281706";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();
    private final URI base = URI.create(server.url("/api/"));

    @AfterEach
    void stop() {
        server.close();
    }

    private TestGateway connectionPolicy() {
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        t.policy(EgressPolicy.forPurpose("test.connection").allow(Destination.connection().withMethods("GET", "POST")).build());
        t.policy(EgressPolicy.forPurpose("test.open").allow(Destination.https(Destination.ANY_HOST).withSchemes("http")
                .withPorts(server.port()).withMethods("GET", "POST")).build());
        return t;
    }

    @Test
    @Tag("claim:EGR-3")
    void attachesTheCredentialTheWayTheConnectionSays() {
        DefaultEgressGateway g = connectionPolicy().build();
        SecretRef bearer = t.credentials.store(ORG, TOKEN);
        SecretRef basic = t.credentials.store(ORG, "svc:pa55-w0rd-long");
        g.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/a")).credential(CredentialUse.bearer(bearer, base)).build());
        g.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/b")).credential(CredentialUse.basic(basic, base)).build());
        g.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/c"))
                .credential(CredentialUse.header(bearer, "X-Api-Key", base)).build());

        assertThat(server.received.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(server.received.get(1).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc:pa55-w0rd-long".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.received.get(2).header("X-Api-Key")).isEqualTo(TOKEN);
        assertThat(t.credentials.decryptions).hasValue(3);
    }

    @Test
    @Tag("claim:EGR-3")
    void aWebhookUrlCredentialIsTheUrlAndStaysOutOfTheAudit() {
        DefaultEgressGateway g = connectionPolicy().build();
        String secretPath = "/api/T0001/B0002/verysecretpart123";
        SecretRef hook = t.credentials.store(ORG, server.url(secretPath));
        g.send(EgressRequest.builder("test.connection", ORG).method("POST").body("{\"text\":\"hi\"}")
                .credential(CredentialUse.url(hook, base)).build());
        assertThat(server.received.get(0).path()).isEqualTo(secretPath);
        assertThat(t.audit.toString()).doesNotContain("verysecretpart123").contains("/api/");

        SecretRef elsewhere = t.credentials.store(ORG, "http://127.0.0.1:" + server.port() + "/other/path");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.connection", ORG).method("POST")
                .credential(CredentialUse.url(elsewhere, base)).build())).hasMessageContaining("not under its base URL");
        assertThat(server.received).hasSize(1);
    }

    @Test
    @Tag("claim:EGR-3")
    void aDeniedRequestNeverDecryptsTheCredential() {
        connectionPolicy();
        t.policy(EgressPolicy.forPurpose("test.narrow").allow(Destination.https("127.0.0.1").withSchemes("http")
                .withPorts(server.port()).withMethods("GET")).requestsPerMinute(1).build());
        SecretRef ref = t.credentials.store(ORG, TOKEN);
        DefaultEgressGateway g = t.build();
        URI narrowBase = URI.create("http://127.0.0.1:" + server.port() + "/");
        List<EgressRequest> denied = List.of(
                // no policy for the purpose
                EgressRequest.builder("test.unknown", ORG).get(server.url("/api/x")).credential(CredentialUse.bearer(ref, base)).build(),
                // outside the connection's base
                EgressRequest.builder("test.connection", ORG).get(server.url("/elsewhere")).credential(CredentialUse.bearer(ref, base)).build(),
                // method not allowed
                EgressRequest.builder("test.narrow", ORG).method("DELETE").url(server.url("/x")).credential(CredentialUse.bearer(ref, narrowBase)).build(),
                // DLP: a GitHub token in the body
                EgressRequest.builder("test.connection", ORG).post(server.url("/api/x"), ("ghp_" + "Wq4Rt7Yp2Xk9Mv3Ln8Bh5Jc1Dz6Fs0Ga7Te2").getBytes())
                        .credential(CredentialUse.bearer(ref, base)).build(),
                // a caller-set Authorization header
                EgressRequest.builder("test.connection", ORG).get(server.url("/api/x")).header("Authorization", "Bearer mine")
                        .credential(CredentialUse.bearer(ref, base)).build());
        for (EgressRequest r : denied) {
            assertThatThrownBy(() -> g.send(r)).as(r.toString()).isInstanceOf(EgressDeniedException.class);
        }
        // rate limit: the first request spends the only token, the second is refused before decryption
        g.send(EgressRequest.builder("test.narrow", ORG).get(server.url("/x")).credential(CredentialUse.bearer(ref, narrowBase)).build());
        assertThat(t.credentials.decryptions).hasValue(1);
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.narrow", ORG).get(server.url("/x"))
                .credential(CredentialUse.bearer(ref, narrowBase)).build())).hasMessageContaining("per minute");
        // address refused
        t.allowedRanges = List.of();
        assertThatThrownBy(() -> t.build().send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/x"))
                .credential(CredentialUse.bearer(ref, base)).build())).hasMessageContaining("loopback");

        assertThat(t.credentials.decryptions).hasValue(1);
        assertThat(server.received).hasSize(1);
    }

    @Test
    @Tag("claim:EGR-3")
    void callersCannotSendCredentialsThemselves() {
        DefaultEgressGateway g = connectionPolicy().build();
        for (String header : List.of("Authorization", "Cookie", "Proxy-Authorization")) {
            assertThatThrownBy(() -> g.send(EgressRequest.builder("test.open", ORG).get(server.url("/")).header(header, "x").build()))
                    .hasMessageContaining("set by the gateway");
        }
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.open", ORG).get("http://user:pw@127.0.0.1:" + server.port() + "/").build()))
                .hasMessageContaining("user information");
        assertThat(server.received).isEmpty();
    }

    @Test
    @Tag("claim:EGR-3")
    void aRedirectAwayFromTheConnectionDropsTheCredential() {
        server.handle("/api/leave", LocalServer.redirect(302, "http://other.test:" + server.port() + "/landing"));
        server.handle("/api/stay", LocalServer.redirect(302, "/api/landing"));
        DefaultEgressGateway g = connectionPolicy().build();
        t.policies.clear();
        t.policy(EgressPolicy.forPurpose("test.connection").allow(Destination.connection())
                .allow(Destination.https("other.test").withSchemes("http").withPorts(server.port())).build());
        SecretRef ref = t.credentials.store(ORG, TOKEN);
        DefaultEgressGateway both = t.build();

        both.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/leave")).credential(CredentialUse.bearer(ref, base)).build());
        assertThat(server.received).extracting(LocalServer.Received::path).containsExactly("/api/leave", "/landing");
        assertThat(server.received.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(server.received.get(1).header("Authorization")).isNull();

        server.received.clear();
        both.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/stay")).credential(CredentialUse.bearer(ref, base)).build());
        assertThat(server.received.get(1).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(g).isNotNull();
    }

    @Test
    void anotherOrganizationsCredentialIsNeverAttached() {
        DefaultEgressGateway g = connectionPolicy().build();
        SecretRef theirs = t.credentials.store(OrgId.random(), TOKEN);
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.connection", ORG).get(server.url("/api/x"))
                .credential(CredentialUse.bearer(theirs, base)).build())).hasMessageContaining("does not belong");
        assertThat(server.received).isEmpty();
        assertThat(t.credentials.decryptions).hasValue(0);
    }
}

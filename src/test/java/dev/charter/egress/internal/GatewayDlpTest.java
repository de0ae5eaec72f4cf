package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** EGR-4: outbound URL, headers and body are scanned; a secret is blocked or replaced with an alias before it leaves. */
class GatewayDlpTest {

    static final OrgId ORG = OrgId.random();
    static final String STORED = "stored-credential-5d2f8a91c4e7";
    static final String GITHUB = "ghp_" + "Zx8Qw2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc9";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();

    @AfterEach
    void stop() {
        server.close();
    }

    private DefaultEgressGateway gateway(DlpAction action) {
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        for (String purpose : List.of("test.dlp", "test.connection")) {
            t.policy(EgressPolicy.forPurpose(purpose)
                    .allow(Destination.https("127.0.0.1").withSchemes("http").withPorts(server.port()).withMethods("GET", "POST"))
                    .allow(Destination.https("other.test").withSchemes("http").withPorts(server.port()).withMethods("POST"))
                    .dlp(action).build());
        }
        return t.build();
    }

    private EgressRequest post(String url, String body) {
        return EgressRequest.builder("test.dlp", ORG).post(url, body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    @Tag("claim:EGR-4")
    void aStoredCredentialPastedIntoABodyToAnotherHostIsBlocked() {
        DefaultEgressGateway g = gateway(DlpAction.BLOCK);
        SecretRef ref = t.credentials.store(ORG, STORED);
        String other = "http://other.test:" + server.port() + "/collect";
        for (String body : List.of(
                "{\"note\":\"use " + STORED + " for the api\"}",
                "key=" + URLEncoder.encode(STORED, StandardCharsets.UTF_8),
                "{\"b64\":\"" + Base64.getEncoder().encodeToString(STORED.getBytes(StandardCharsets.UTF_8)) + "\"}")) {
            assertThatThrownBy(() -> g.send(post(other, body))).isInstanceOf(EgressDeniedException.class)
                    .hasMessageContaining("stored credential in the body");
        }
        assertThat(server.received).isEmpty();
        assertThat(t.audit("egress.request.denied")).allSatisfy(e -> {
            assertThat(e.details().get("reason")).contains("stored credential").doesNotContain(STORED);
            assertThat(e.details().get("credentials")).isEqualTo(ref.credentialId().toString());
        });

        // The same credential in the body of a request to its own connection, which carries it anyway, is fine.
        URI base = URI.create(server.url("/"));
        g.send(EgressRequest.builder("test.connection", ORG).post(server.url("/own"), ("echo " + STORED).getBytes())
                .credential(CredentialUse.bearer(ref, base)).build());
        assertThat(server.received).hasSize(1);
    }

    @Test
    @Tag("claim:EGR-4")
    void aKnownSecretFormatIsBlockedInBodyHeaderAndUrl() {
        DefaultEgressGateway g = gateway(DlpAction.BLOCK);
        assertThatThrownBy(() -> g.send(post(server.url("/x"), "{\"token\":\"" + GITHUB + "\"}")))
                .hasMessageContaining("GitHub token in the body");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.dlp", ORG).get(server.url("/x")).header("X-Token", GITHUB).build()))
                .hasMessageContaining("GitHub token in a header");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.dlp", ORG).get(server.url("/x?access=" + GITHUB)).build()))
                .hasMessageContaining("URL contains a GitHub token");
        assertThat(server.received).isEmpty();
    }

    @Test
    @Tag("claim:EGR-4")
    void replacementSendsAKeyedAliasInsteadOfTheSecret() {
        DefaultEgressGateway g = gateway(DlpAction.REPLACE);
        t.credentials.store(ORG, STORED);
        g.send(EgressRequest.builder("test.dlp", ORG).post(server.url("/x"),
                        ("{\"token\":\"" + GITHUB + "\",\"also\":\"" + STORED + "\",\"text\":\"héllo\"}").getBytes(StandardCharsets.UTF_8))
                .header("X-Note", "key " + GITHUB).build());
        LocalServer.Received seen = server.received.get(0);
        assertThat(seen.bodyText()).doesNotContain(GITHUB).doesNotContain(STORED)
                .matches("\\{\"token\":\"\\[secret:github:[0-9a-f]{12}]\",\"also\":\"\\[secret:credential:[0-9a-f]{12}]\",\"text\":\"héllo\"}");
        assertThat(seen.header("X-Note")).matches("key \\[secret:github:[0-9a-f]{12}]");
        String alias = seen.bodyText().substring(10, 10 + "[secret:github:000000000000]".length());
        assertThat(seen.header("X-Note")).endsWith(alias);
        assertThat(t.audit("egress.request.allowed").get(0).details().get("dlp")).startsWith("replaced credential x1, github x2 (stored credentials ");

        // A secret in the URL is never rewritten: the request is refused.
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.dlp", ORG).get(server.url("/x?k=" + GITHUB)).build()))
                .hasMessageContaining("URL contains");
    }

    @Test
    @Tag("claim:EGR-4")
    void anotherOrganizationGetsADifferentAlias() {
        DefaultEgressGateway g = gateway(DlpAction.REPLACE);
        OrgId other = OrgId.random();
        g.send(post(server.url("/x"), GITHUB));
        g.send(EgressRequest.builder("test.dlp", other).post(server.url("/x"), GITHUB.getBytes()).build());
        assertThat(server.received.get(0).bodyText()).startsWith("[secret:github:")
                .isNotEqualTo(server.received.get(1).bodyText());
    }

    @Test
    void cleanRequestsPassUntouched() {
        DefaultEgressGateway g = gateway(DlpAction.BLOCK);
        String body = "{\"id\":\"550e8400-e29b-41d4-a716-446655440000\",\"sha\":\"3f786850e387550fdab836ed7e6dc881de23001b\"}";
        g.send(post(server.url("/x"), body));
        assertThat(server.received.get(0).bodyText()).isEqualTo(body);
    }
}

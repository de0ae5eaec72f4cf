package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.ServerCredential;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretValue;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EGR-3 for credentials the operator configured for the whole server: the gateway attaches them only for their
 * declared purposes, placement and base, and DLP treats their value as a secret everywhere else.
 */
class GatewayServerCredentialTest {

    static final OrgId ORG = OrgId.random();
    static final String KEY = "server-key-7c1e9a0b5d3f42e8a6";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();
    private URI base;
    private ServerCredential declared;

    @BeforeEach
    void declare() {
        base = URI.create(server.url("/model/"));
        declared = new ServerCredential("test.model-key", Set.of("test.model"), CredentialUse.Placement.HEADER,
                "x-api-key", base, SecretValue.of(KEY));
        t.serverCredentials.add(declared);
        Destination local = Destination.https("127.0.0.1").withSchemes("http").withPorts(server.port()).withMethods("POST");
        t.policy(EgressPolicy.forPurpose("test.model").allow(local).build());
        t.policy(EgressPolicy.forPurpose("test.other").allow(local).build());
        t.policy(EgressPolicy.forPurpose("test.replace").allow(local).dlp(DlpAction.REPLACE).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @Tag("claim:EGR-3")
    void attachesTheServerCredentialAsDeclaredAndAuditsItsNameOnly() {
        t.build().send(EgressRequest.builder("test.model", ORG).post(server.url("/model/v1/messages"), "{}".getBytes())
                .credential(declared.use()).build());
        assertThat(server.received).singleElement().satisfies(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY));
        assertThat(t.audit("egress.request.allowed")).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("server:test.model-key").doesNotContain(KEY));
        assertThat(declared.toString()).doesNotContain(KEY);
    }

    @Test
    @Tag("claim:EGR-3")
    void refusesOtherPurposesOtherBasesAndUnknownNames() {
        DefaultEgressGateway g = t.build();
        List<EgressRequest> refused = List.of(
                EgressRequest.builder("test.other", ORG).post(server.url("/model/v1/messages"), new byte[0])
                        .credential(declared.use()).build(),
                EgressRequest.builder("test.model", ORG).post(server.url("/elsewhere"), new byte[0])
                        .credential(declared.use()).build(),
                EgressRequest.builder("test.model", ORG).post(server.url("/elsewhere/v1"), new byte[0])
                        .credential(CredentialUse.server("test.model-key", CredentialUse.Placement.HEADER, "x-api-key",
                                URI.create(server.url("/elsewhere/")))).build(),
                EgressRequest.builder("test.model", ORG).post(server.url("/model/v1"), new byte[0])
                        .credential(CredentialUse.server("test.model-key", CredentialUse.Placement.BEARER, null, base)).build(),
                EgressRequest.builder("test.model", ORG).post(server.url("/model/v1"), new byte[0])
                        .credential(CredentialUse.server("test.unknown", CredentialUse.Placement.HEADER, "x-api-key", base)).build());
        for (EgressRequest r : refused) {
            assertThatThrownBy(() -> g.send(r)).as(r.toString()).isInstanceOf(EgressDeniedException.class);
        }
        assertThat(server.received).isEmpty();
    }

    @Test
    @Tag("claim:EGR-4")
    void theServerCredentialsValueIsASecretInAnyOtherRequest() {
        DefaultEgressGateway g = t.build();
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.other", ORG)
                .post(server.url("/x"), ("{\"note\":\"" + KEY + "\"}").getBytes()).build()))
                .isInstanceOf(EgressDeniedException.class).hasMessageContaining("stored credential");
        g.send(EgressRequest.builder("test.replace", ORG).post(server.url("/x"), ("{\"note\":\"" + KEY + "\"}").getBytes()).build());
        assertThat(server.received).singleElement().satisfies(r -> assertThat(r.bodyText()).doesNotContain(KEY));
    }

    @Test
    void aDeclarationMustBeComplete() {
        assertThatThrownBy(() -> new ServerCredential("test.k", Set.of("test.model"), CredentialUse.Placement.URL, null,
                base, SecretValue.of(KEY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerCredential("test.k", Set.of(), CredentialUse.Placement.BEARER, null,
                base, SecretValue.of(KEY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerCredential("test.k", Set.of("test.model"), CredentialUse.Placement.BEARER, null,
                base, SecretValue.of("  "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CredentialUse(null, null, CredentialUse.Placement.BEARER, null, base))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

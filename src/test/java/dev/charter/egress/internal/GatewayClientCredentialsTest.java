package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EGR-3 / REV-2 for OAuth 2.0 client credentials (Zoom Server-to-Server OAuth, Microsoft Graph): the gateway mints
 * the access token itself with the client id and secret from the vault, caches it, sends it only as a bearer token
 * to the connection's base, and neither secret nor token ever reaches the caller.
 */
class GatewayClientCredentialsTest {

    static final OrgId ORG = OrgId.random();
    static final String CLIENT = "client-id-1";
    static final String SECRET = "client-secret-" + "Q2x1ZXNzIHRoaXM";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();
    private final AtomicInteger minted = new AtomicInteger();

    @AfterEach
    void stop() {
        server.close();
    }

    private DefaultEgressGateway gateway(boolean allowTokenEndpoint) {
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        EgressPolicy.Builder p = EgressPolicy.forPurpose("test.oauth")
                .allow(Destination.connection().withSchemes("http").withMethods("GET").withPaths("/v2/**"));
        if (allowTokenEndpoint) {
            p.allow(Destination.connection().withSchemes("http").withMethods("POST").withPaths("/oauth/token"));
        }
        t.policy(p.build());
        server.handle("/oauth/token", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                LocalServer.respond(ex, 401, "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");
                return;
            }
            int n = minted.incrementAndGet();
            LocalServer.respond(ex, 200, "{\"access_token\":\"tok-" + n + "-abcdefgh\",\"token_type\":\"bearer\","
                    + "\"expires_in\":3599,\"scope\":\"user:read:admin\"}");
        });
        server.handle("/v2/users/me", ex -> {
            boolean ok = ("Bearer tok-" + minted.get() + "-abcdefgh").equals(ex.getRequestHeaders().getFirst("Authorization"));
            LocalServer.respond(ex, ok ? 200 : 401, ok ? "{\"id\":\"u1\",\"echo\":\"tok-" + minted.get() + "-abcdefgh\"}"
                    : "{\"code\":124,\"message\":\"Invalid access token.\"}");
        });
        return t.build();
    }

    private CredentialUse use(SecretRef ref) {
        return CredentialUse.oauth2ClientCredentials(ref,
                server.url("/oauth/token") + "?grant_type=account_credentials&account_id=acc-1", URI.create(server.url("/v2")));
    }

    @Test
    @Tag("claim:REV-2")
    void mintsTheTokenWithTheClientSecretAsBasicAuthCachesItAndSendsItAsBearer() {
        DefaultEgressGateway g = gateway(true);
        SecretRef ref = t.credentials.store(ORG, CLIENT + ":" + SECRET);
        EgressResponse first = g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(ref)).build());
        EgressResponse second = g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(ref)).build());
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(minted).hasValue(1);
        List<LocalServer.Received> tokenCalls = server.received.stream().filter(r -> r.path().equals("/oauth/token")).toList();
        assertThat(tokenCalls).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(r.bodyText()).isEqualTo("grant_type=account_credentials&account_id=acc-1");
            assertThat(r.query()).isNull();
        });
        // the access token the API echoed is cut out of the answer; the secret is nowhere in what the caller sees
        assertThat(first.bodyAsString()).doesNotContain("tok-1-abcdefgh").contains("[credential]");
        assertThat(first.headers().toString() + first.bodyAsString()).doesNotContain(SECRET);
        // the API only ever saw the bearer token, the token endpoint only the basic credential
        server.received.stream().filter(r -> r.path().startsWith("/v2/"))
                .forEach(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1-abcdefgh"));
        assertThat(t.audit("egress.request.allowed")).extracting(e -> e.details().get("path"))
                .containsExactly("/v2/users/me", "/oauth/token", "/v2/users/me");
    }

    @Test
    void aRefusedTokenIsForgottenAndAWrongSecretFailsWithoutEchoingIt() {
        DefaultEgressGateway g = gateway(true);
        SecretRef ref = t.credentials.store(ORG, CLIENT + ":" + SECRET);
        g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me")).credential(use(ref)).build());
        minted.incrementAndGet(); // the service now expects another token: the cached one is answered 401
        EgressResponse refused = g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(ref)).build());
        assertThat(refused.status()).isEqualTo(401);
        EgressResponse again = g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(ref)).build());
        assertThat(again.status()).isEqualTo(200);

        SecretRef wrong = t.credentials.store(ORG, CLIENT + ":not-the-secret-at-all");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(wrong)).build()))
                .isInstanceOf(EgressFailedException.class).hasMessageContaining("answered 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret"));
    }

    @Test
    void theTokenEndpointMustBeOnThePurposesAllowlist() {
        DefaultEgressGateway g = gateway(false);
        SecretRef ref = t.credentials.store(ORG, CLIENT + ":" + SECRET);
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.oauth", ORG).get(server.url("/v2/users/me"))
                .credential(use(ref)).build())).isInstanceOf(EgressDeniedException.class);
        assertThat(server.received).isEmpty();
        assertThatThrownBy(() -> CredentialUse.oauth2ClientCredentials(ref, server.url("/oauth/token"), URI.create(server.url("/v2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.EgressException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.shared.NotFoundException;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Connections against a real service, through the real egress gateway: a local HTTP server on 127.0.0.1 plays
 * the API and the webhook receiver, and checks the credential the gateway attached.
 */
@CharterTest
class ConnectionsThroughEgressTest {

    record Seen(String method, String path, String authorization, String apiKey, String body) {}

    static HttpServer server;
    static final List<Seen> seen = new CopyOnWriteArrayList<>();
    static final String TOKEN = "good-" + UUID.randomUUID();
    static final String HOOK_PATH = "/hooks/T0/" + UUID.randomUUID();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Seen s = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Api-Key"), body);
            seen.add(s);
            boolean ok = ("Bearer " + TOKEN).equals(s.authorization()) || TOKEN.equals(s.apiKey())
                    || (s.path().equals(HOOK_PATH) && s.method().equals("POST"));
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @LocalServerPort int port;
    @Autowired Connections connections;
    @Autowired EgressGateway gateway;

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Map<String, Object> api(String scheme, String secret) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "HTTP_API");
        body.put("label", "local API");
        body.put("baseUrl", base() + "/api");
        body.put("authScheme", scheme);
        body.put("secret", secret);
        body.put("verifyPath", "/me");
        body.put("verify", true);
        return body;
    }

    @Test
    void theGatewayAttachesTheCredentialForTheLiveCheck() {
        Tenant t = Tenant.signUp(port);
        seen.clear();
        var created = t.api().postJson("/api/v1/connections", api("BEARER", TOKEN));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/api/me");
            assertThat(s.authorization()).isEqualTo("Bearer " + TOKEN);
        });
        String id = created.json().get("id").asString();
        assertThat(t.api().get("/api/v1/connections/" + id).json().get("lastUsedAt").isNull()).isFalse();

        Map<String, Object> header = api("HEADER", TOKEN);
        header.put("headerName", "X-Api-Key");
        assertThat(t.api().postJson("/api/v1/connections", header).json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(seen.get(1).apiKey()).isEqualTo(TOKEN);
        assertThat(seen.get(1).authorization()).isNull();
    }

    @Test
    void aCredentialTheServiceRefusesIsNotSaved() {
        Tenant t = Tenant.signUp(port);
        var refused = t.api().postJson("/api/v1/connections", api("BEARER", "wrong-" + UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get("verify").asString()).contains("401").contains("Nothing was saved");
        assertThat(connections.list(t.org())).isEmpty();
    }

    @Test
    void aWebhookGetsATestMessageAtItsSecretUrl() {
        Tenant t = Tenant.signUp(port);
        seen.clear();
        var created = t.api().postJson("/api/v1/connections", Map.of("kind", "INCOMING_WEBHOOK", "label", "hook",
                "webhookUrl", base() + HOOK_PATH, "verify", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("baseUrl").asString()).isEqualTo(base() + "/");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(HOOK_PATH);
            assertThat(s.body()).contains("Charter connection test");
        });
    }

    @Test
    @Tag("claim:PRF-9")
    void revokingCutsAccessAtOnceEvenForARequestThatStillNamesTheCredential() {
        Tenant t = Tenant.signUp(port);
        String id = t.api().postJson("/api/v1/connections", api("BEARER", TOKEN)).json().get("id").asString();
        Connection c = connections.get(t.org(), new ConnectionId(UUID.fromString(id)));
        CredentialUse held = c.credentialUse();
        EgressRequest request = EgressRequest.builder("connectors.verify", t.org()).get(base() + "/api/me").credential(held).build();
        assertThat(gateway.send(request).status()).isEqualTo(200);

        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(200);
        seen.clear();
        // the gateway asks the vault only after its checks; the credential is gone, so nothing is sent
        assertThatThrownBy(() -> gateway.send(request)).isInstanceOfAny(EgressException.class, NotFoundException.class);
        assertThat(seen).isEmpty();
        assertThat(t.api().postJson("/api/v1/connections/" + id + "/verify", Map.of()).status()).isEqualTo(409);
    }
}

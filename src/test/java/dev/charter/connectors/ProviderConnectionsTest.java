package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The provider kinds of connection against local fakes that answer as the providers document: a Slack incoming
 * webhook (200 {@code ok}; 400 {@code invalid_payload}; 404 {@code no_service}), Resend ({@code GET /domains} with a
 * bearer key; 401 {@code {statusCode, message, name}}) and Anthropic ({@code GET /v1/models} with {@code x-api-key};
 * 401 {@code {"type":"error","error":{"type":"authentication_error",…}}}).
 */
@CharterTest
class ProviderConnectionsTest {

    record Seen(String method, String path, String authorization, String apiKey, String body) {}

    static HttpServer server;
    static final List<Seen> seen = new CopyOnWriteArrayList<>();
    static final String SLACK_PATH = "/services/T0/B0/" + UUID.randomUUID().toString().replace("-", "");
    static final String RESEND_KEY = "re_" + UUID.randomUUID().toString().replace("-", "");
    static final String ANTHROPIC_KEY = "sk-ant-api03-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ProviderConnectionsTest::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        Seen s = new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("x-api-key"), body);
        seen.add(s);
        if (path.equals(SLACK_PATH)) {
            boolean ok = s.method().equals("POST") && body.contains("\"text\"");
            answer(ex, ok ? 200 : 400, "text/html", ok ? "ok" : "invalid_payload");
        } else if (path.startsWith("/services/")) {
            answer(ex, 404, "text/html", "no_service");
        } else if (path.equals("/resend/domains")) {
            boolean ok = ("Bearer " + RESEND_KEY).equals(s.authorization());
            answer(ex, ok ? 200 : 401, "application/json", ok ? "{\"object\":\"list\",\"data\":[]}"
                    : "{\"statusCode\":401,\"message\":\"API key is invalid\",\"name\":\"validation_error\"}");
        } else if (path.equals("/anthropic/v1/models")) {
            boolean ok = ANTHROPIC_KEY.equals(s.apiKey()) && s.authorization() == null;
            answer(ex, ok ? 200 : 401, "application/json", ok ? "{\"data\":[],\"has_more\":false}"
                    : "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        } else {
            answer(ex, 404, "text/plain", "not found");
        }
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @LocalServerPort int port;

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aSlackWebhookIsCheckedWithATestMessageAndKeepsOnlyItsHost() {
        Tenant t = Tenant.signUp(port);
        seen.clear();
        var created = t.api().postJson("/api/v1/connections", body("kind", "SLACK_WEBHOOK", "label", "#orders",
                "webhookUrl", base() + SLACK_PATH, "verify", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("kind").asString()).isEqualTo("SLACK_WEBHOOK");
        assertThat(created.json().get("baseUrl").asString()).isEqualTo(base() + "/");
        assertThat(created.body()).doesNotContain(SLACK_PATH);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo(SLACK_PATH);
            assertThat(s.body()).contains("\"text\"");
        });

        String unknownSecret = "gone" + UUID.randomUUID().toString().replace("-", "");
        var unknownHook = t.api().postJson("/api/v1/connections", body("kind", "SLACK_WEBHOOK", "label", "gone",
                "webhookUrl", base() + "/services/T0/B0/" + unknownSecret, "verify", true));
        assertThat(unknownHook.status()).isEqualTo(400);
        assertThat(unknownHook.json().get("errors").get("verify").asString()).contains("404").doesNotContain(unknownSecret);

        var notSlack = t.api().postJson("/api/v1/connections", body("kind", "SLACK_WEBHOOK", "label", "x",
                "webhookUrl", base() + "/hooks/abc", "verify", false));
        assertThat(notSlack.status()).isEqualTo(400);
        assertThat(notSlack.json().get("errors").get("webhookUrl").asString()).contains("hooks.slack.com/services");
    }

    @Test
    void aResendKeyIsSentAsABearerTokenAndAWrongOneIsNotSaved() {
        Tenant t = Tenant.signUp(port);
        seen.clear();
        var created = t.api().postJson("/api/v1/connections", body("kind", "RESEND_API_KEY", "label", "mail",
                "baseUrl", base() + "/resend", "secret", RESEND_KEY, "verify", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("authScheme").asString()).isEqualTo("BEARER");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/resend/domains");
            assertThat(s.authorization()).isEqualTo("Bearer " + RESEND_KEY);
        });
        var wrong = t.api().postJson("/api/v1/connections", body("kind", "RESEND_API_KEY", "label", "bad",
                "baseUrl", base() + "/resend", "secret", "re_wrong", "verify", true));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get("verify").asString()).contains("401");

        var defaulted = t.api().postJson("/api/v1/connections", body("kind", "RESEND_API_KEY", "label", "default",
                "secret", RESEND_KEY, "verify", false));
        assertThat(defaulted.status()).isEqualTo(201);
        assertThat(defaulted.json().get("baseUrl").asString()).isEqualTo("https://api.resend.com");
        assertThat(defaulted.body()).doesNotContain(RESEND_KEY);
        var missing = t.api().postJson("/api/v1/connections", body("kind", "RESEND_API_KEY", "label", "nokey"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").has("secret")).isTrue();
    }

    @Test
    void anAnthropicKeyGoesInTheXApiKeyHeader() {
        Tenant t = Tenant.signUp(port);
        seen.clear();
        var created = t.api().postJson("/api/v1/connections", body("kind", "ANTHROPIC_API_KEY", "label", "claude",
                "baseUrl", base() + "/anthropic", "secret", ANTHROPIC_KEY, "verify", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("authScheme").asString()).isEqualTo("HEADER");
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/anthropic/v1/models");
            assertThat(s.apiKey()).isEqualTo(ANTHROPIC_KEY);
            assertThat(s.authorization()).isNull();
        });
        var defaulted = t.api().postJson("/api/v1/connections", body("kind", "ANTHROPIC_API_KEY", "label", "default",
                "secret", ANTHROPIC_KEY, "verify", false));
        assertThat(defaulted.json().get("baseUrl").asString()).isEqualTo("https://api.anthropic.com");
    }
}

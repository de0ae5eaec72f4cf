package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.MovableClock;
import dev.charter.testing.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic models on Google Vertex AI with an organization's service account key, against stand-ins for Google's
 * token endpoint (which verifies each signed assertion) and for aiplatform (which accepts only tokens it was issued):
 * the key is used (PIL-6) and only Vertex receives the request, the token is minted inside egress at the operator's
 * token endpoint (never the key file's {@code token_uri}) and kept until shortly before it expires, the body carries the
 * instruction and the data only (PIL-7), neither the private key nor the token leaves egress (VLT-3, EGR-3), and the
 * error shapes are read.
 */
@CharterTest
@Import({CapturingEgress.Config.class, MovableClock.Config.class})
@ExtendWith(OutputCaptureExtension.class)
class VertexContractTest {

    static final FakeVertex vertex = new FakeVertex();
    /** Where the key files claim their token endpoint is; nothing may ever arrive here. */
    static final HttpServer decoy;
    static final AtomicInteger decoyHits = new AtomicInteger();
    static final String PROJECT = "charter-test-" + UUID.randomUUID().toString().substring(0, 6);
    static final FakeVertex.Account ACCOUNT = FakeVertex.account(PROJECT);
    static final String SYSTEM = "You are one step of an automated workflow. Do what the instruction says with the "
            + "data given, and answer with the result only.";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        try {
            decoy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        decoy.createContext("/", ex -> {
            decoyHits.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        decoy.start();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // connections to the stand-in's http://127.0.0.1 need the development allowance; the token endpoint is the
        // operator's setting, so the stand-in's address can only be given here
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
        registry.add("charter.egress.google-token-url", vertex::tokenUrl);
    }

    @AfterAll
    static void stop() {
        vertex.close();
        decoy.stop(0);
    }

    @LocalServerPort int port;
    @Autowired AiGateway ai;
    @Autowired CapturingEgress egress;
    @Autowired EgressGateway realEgress;
    @Autowired DatabaseTarget database;
    @Autowired MovableClock clock;

    @BeforeEach
    void reset() {
        vertex.reset();
        vertex.know(ACCOUNT);
        egress.requests.clear();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    private static String keyFile() {
        return ACCOUNT.json("http://127.0.0.1:" + decoy.getAddress().getPort() + "/token");
    }

    private static Map<String, Object> connection(String key) {
        return new HashMap<>(Map.of("kind", "GOOGLE_VERTEX", "label", "Vertex Belgium", "project", PROJECT,
                "region", "europe-west1", "model", "claude-test@20250929", "secret", key, "baseUrl", vertex.base()));
    }

    private static String connect(Tenant t, Map<String, Object> body) {
        var created = t.api().postJson("/api/v1/connections", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** The private key's base64 body, on one line, and a piece of it as a line of the PEM holds it. */
    private static List<String> privateKeyForms() {
        String pem = ACCOUNT.privateKeyPem();
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return List.of(body, pem.split("\n")[5], JSON.writeValueAsString(pem));
    }

    @Test
    @Tag("claim:PIL-6")
    void theServiceAccountIsUsedOnlyVertexReceivesTheRequestAndTheTokenIsKeptUntilShortlyBeforeItExpires() {
        Tenant t = Tenant.signUp(port);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
        String id = connect(t, connection(keyFile()));
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.ORG_KEY);
        vertex.text = "From Vertex.";
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(r.provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(r.text()).isEqualTo("From Vertex.");
        assertThat(r.usage()).isEqualTo(new AiResult.Usage(40, 4, false));
        assertThat(vertex.received).singleElement().satisfies(req -> assertThat(req.path())
                .isEqualTo("/v1/projects/" + PROJECT + "/locations/europe-west1/publishers/anthropic/models/"
                        + "claude-test@20250929:rawPredict"));
        assertThat(vertex.tokenRequests).hasSize(1);
        assertThat(egress.requests).singleElement().satisfies(e -> assertThat(e.purpose()).isEqualTo("ai.vertex"));

        // the token is reused while it is valid for more than a few minutes
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("2")));
        assertThat(vertex.tokenRequests).hasSize(1);
        assertThat(vertex.received).hasSize(2);
        assertThat(vertex.received.get(1).header("authorization")).isEqualTo(vertex.received.get(0).header("authorization"));
        // shortly before it expires (3599 s), a new one is minted
        clock.advance(Duration.ofMinutes(56));
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("3")));
        assertThat(vertex.tokenRequests).hasSize(2);
        assertThat(vertex.received.get(2).header("authorization")).isNotEqualTo(vertex.received.get(0).header("authorization"));
        // the key file's own token_uri is never used
        assertThat(decoyHits.get()).isZero();

        assertThat(t.api().get("/api/v1/ai/providers").body()).contains("Google Vertex AI at 127.0.0.1")
                .contains("Anthropic does not receive it");
        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(200);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
    }

    @Test
    @Tag("claim:PIL-7")
    void onlyTheStepsInstructionAndDataReachVertexAndNothingOfThemTheTokenEndpoint() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(keyFile()));
        String canary = "this-step-" + UUID.randomUUID();
        String instruction = "Summarize the note.";
        ObjectNode data = (ObjectNode) json("{\"note\":\"late " + canary + "\",\"n\":2}");
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", instruction, data).withActor(t.user()).withMaxOutputTokens(200));
        FakeVertex.Received sent = vertex.received.get(0);
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("anthropic_version", "max_tokens", "system", "messages");
        assertThat(body.get("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.get("system").asString()).isEqualTo(SYSTEM);
        assertThat(body.get("messages")).singleElement().satisfies(m -> {
            assertThat(m.get("role").asString()).isEqualTo("user");
            assertThat(m.get("content").asString()).isEqualTo(instruction + "\n\n<data>\n" + JSON.writeValueAsString(data)
                    + "\n</data>");
        });
        for (String absent : List.of(t.email(), t.user().toString(), t.org().toString(), "pilots.ai-step", "Vertex Belgium")) {
            assertThat(sent.raw()).as(absent).doesNotContain(absent);
        }
        assertThat(sent.headers().keySet()).isSubsetOf(Set.of("authorization", "content-type", "content-length", "host",
                "user-agent", "accept-encoding", "connection"));
        assertThat(vertex.tokenRequests).singleElement().satisfies(tr -> {
            assertThat(tr.raw()).doesNotContain(canary).doesNotContain(instruction).doesNotContain(t.email())
                    .doesNotContain(t.org().toString());
            assertThat(tr.body()).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
        });
        assertThat(new DatabaseScan(database).find(canary)).isEmpty();
    }

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void neitherThePrivateKeyNorTheTokenLeavesEgress(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        String id = connect(t, connection(keyFile()));
        List<String> seen = new ArrayList<>();
        seen.add(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        String token = vertex.received.get(0).header("authorization").substring("Bearer ".length());
        assertThat(vertex.issued).contains(token);
        // a service that repeats the token in its refusal: egress cuts it out before the AI module reads it
        vertex.script.add(FakeVertex.error(403, "PERMISSION_DENIED", "token " + token + " may not predict"));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.KEY_REFUSED);
                    assertThat(e.reason()).contains("PERMISSION_DENIED").contains("the organization's service account");
                    seen.add(e.reason());
                });
        for (Http.Response r : List.of(t.api().get("/api/v1/connections"), t.api().get("/api/v1/connections/" + id),
                t.api().get("/api/v1/ai/providers"), t.api().get("/api/v1/ai/usage"), t.browser().get("/ai"),
                t.browser().get("/connections"))) {
            assertThat(r.status()).isEqualTo(200);
            seen.add(r.body());
        }
        for (EgressRequest r : egress.requests) {
            seen.add(r.toString() + r.headers() + new String(r.body()) + r.credential());
        }
        seen.add(output.getAll());
        String everywhere = String.join("\n", seen);
        assertThat(everywhere).doesNotContain(token);
        for (String form : privateKeyForms()) {
            assertThat(everywhere).doesNotContain(form);
            assertThat(new DatabaseScan(database).find(form)).isEmpty();
            for (FakeVertex.Received r : vertex.received) {
                assertThat(r.raw()).doesNotContain(form);
            }
            for (FakeVertex.Received r : vertex.tokenRequests) {
                assertThat(r.raw()).doesNotContain(form);
            }
        }
        // the token travels to aiplatform as the bearer and nowhere else
        for (FakeVertex.Received r : vertex.received) {
            assertThat(r.body()).doesNotContain(token);
        }
        assertThat(new DatabaseScan(database).find(token)).isEmpty();

        // a key the token endpoint does not know is refused there, and said so without the key
        Tenant other = Tenant.signUp(port);
        FakeVertex.Account stranger = FakeVertex.account(PROJECT);
        connect(other, connection(stranger.json("http://127.0.0.1:" + decoy.getAddress().getPort() + "/token")));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Say done", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.reason()).contains("refused the service account key of " + stranger.email())
                            .contains("invalid_grant");
                    assertThat(e.reason()).doesNotContain(stranger.privateKeyPem().split("\n")[3]);
                });
        assertThat(decoyHits.get()).isZero();
    }

    @Test
    void noCallerMaySendUnderTheTokenExchangesPurpose() {
        Tenant t = Tenant.signUp(port);
        assertThatThrownBy(() -> realEgress.send(EgressRequest.builder("egress.google-token", t.org())
                .post(vertex.tokenUrl(), "grant_type=x&assertion=y".getBytes()).build()))
                .isInstanceOf(EgressDeniedException.class)
                .hasMessageContaining("the gateway's own token exchange");
        assertThat(vertex.tokenRequests).isEmpty();
    }

    @Test
    void vertexErrorShapesAreNamed() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(keyFile()));
        record Case(FakeVertex.Answer answer, AiFailedException.Kind kind, String says) {}
        for (Case c : List.of(
                new Case(new FakeVertex.Answer(429, FakeVertex.error(429, "RESOURCE_EXHAUSTED",
                        "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.").body(),
                        Map.of("retry-after", "7")), AiFailedException.Kind.RATE_LIMITED, "RESOURCE_EXHAUSTED"),
                new Case(FakeVertex.anthropicError(529, "overloaded_error", "Overloaded"),
                        AiFailedException.Kind.PROVIDER_UNAVAILABLE, "overloaded_error"),
                new Case(FakeVertex.error(503, "UNAVAILABLE", "The service is currently unavailable."),
                        AiFailedException.Kind.PROVIDER_UNAVAILABLE, "UNAVAILABLE"),
                new Case(FakeVertex.anthropicError(400, "invalid_request_error", "prompt is too long: 210345 tokens > 200000 maximum"),
                        AiFailedException.Kind.REQUEST_REFUSED, "pass less data"))) {
            vertex.script.add(c.answer());
            assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("{\"x\":\"secret data\"}"))))
                    .as(c.says())
                    .isInstanceOfSatisfying(AiFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(c.kind());
                        assertThat(e.reason()).contains(c.says()).doesNotContain("secret data");
                        if (c.kind() == AiFailedException.Kind.RATE_LIMITED) {
                            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                        }
                    });
        }
    }

    @Test
    void aBadVertexConnectionIsRefusedWholeWithTheField() {
        Tenant t = Tenant.signUp(port);
        record Bad(String field, String key, Object value) {}
        for (Bad b : List.of(new Bad("project", "project", ""), new Bad("region", "region", "Europe West"),
                new Bad("model", "model", "claude sonnet"), new Bad("secret", "secret", ""),
                new Bad("secret", "secret", "{\"type\":\"authorized_user\",\"client_email\":\"a@b\"}"),
                new Bad("verify", "verify", true))) {
            Map<String, Object> body = connection(keyFile());
            body.put(b.key(), b.value());
            var r = t.api().postJson("/api/v1/connections", body);
            assertThat(r.status()).as(b.toString()).isEqualTo(400);
            assertThat(r.body()).as(b.toString()).contains("\"" + b.field() + "\"").doesNotContain(privateKeyForms().get(1));
        }
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();
        // without a base URL, the region's own aiplatform address
        Map<String, Object> google = connection(keyFile());
        google.remove("baseUrl");
        var created = t.api().postJson("/api/v1/connections", google);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("baseUrl").asString()).isEqualTo("https://europe-west1-aiplatform.googleapis.com");
        assertThat(created.json().get("headerName").asString()).isEqualTo(PROJECT + "/europe-west1/claude-test@20250929");
        assertThat(created.body()).doesNotContain(privateKeyForms().get(1));
        assertThat(vertex.received).isEmpty();
        assertThat(vertex.tokenRequests).isEmpty();
    }

    @Test
    @Tag("claim:PIL-7")
    void aToolRoundGoesToVertexInAnthropicsShapeWithTheCachedToken() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(keyFile()));
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"metric\":{\"type\":\"string\"}},\"required\":[\"metric\"]}");
        List<JsonNode> inputs = new ArrayList<>();
        AiTool query = new AiTool("query_metric", "Reads a metric's last hour.", schema, input -> {
            inputs.add(input);
            return json("{\"p95_ms\":840}");
        });
        vertex.tools.then(ToolPlan.call("query_metric", "{\"metric\":\"checkout.latency\"}"));
        vertex.text = "Checkout p95 is 840 ms.";
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "perf.cases-agent", "Find the slow step", json("1")),
                List.of(query), 2);
        assertThat(r.answer().text()).isEqualTo("Checkout p95 is 840 ms.");
        assertThat(r.answer().provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(inputs).containsExactly(json("{\"metric\":\"checkout.latency\"}"));
        assertThat(vertex.received).hasSize(2).allSatisfy(x -> {
            assertThat(x.json().get("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
            assertThat(x.json().has("model")).isFalse();
            assertThat(x.raw()).doesNotContain(t.org().toString());
        });
        assertThat(vertex.tokenRequests).hasSize(1);
        assertThat(ToolPlan.results(vertex.received.get(1).json())).containsExactly("{\"p95_ms\":840}");
    }

    @Test
    @Tag("claim:PIL-7")
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void aStreamedAnswerComesFromStreamRawPredictWithTheMintedTokenKeptInEgress() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(keyFile()));
        String canary = "stream-step-" + UUID.randomUUID();
        vertex.text = "From Vertex, streamed.";
        List<String> pieces = new java.util.ArrayList<>();
        AiStreamResult r = ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize", json("{\"n\":\"" + canary + "\"}")),
                pieces::add);
        assertThat(r.end()).isEqualTo(AiStreamResult.End.COMPLETE);
        assertThat(pieces).containsExactly("From ", "Vertex, ", "streamed.");
        assertThat(r.result().provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(r.result().usage()).isEqualTo(new AiResult.Usage(40, 3, false));
        FakeVertex.Received sent = vertex.received.get(0);
        assertThat(sent.path()).endsWith("/publishers/anthropic/models/claude-test@20250929:streamRawPredict");
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("anthropic_version", "max_tokens", "system", "messages",
                "stream");
        assertThat(body.get("messages").get(0).get("content").asString())
                .isEqualTo("Summarize\n\n<data>\n{\"n\":\"" + canary + "\"}\n</data>");
        String token = sent.header("authorization").substring(7);
        assertThat(vertex.issued).contains(token);
        assertThat(egress.requests).allSatisfy(e -> {
            assertThat(e.toString()).doesNotContain(token);
            e.headers().forEach(h -> assertThat(h.value()).doesNotContain(token));
        });
        assertThat(vertex.tokenRequests).allSatisfy(tr -> assertThat(tr.raw()).doesNotContain(canary));

        // an error event in the middle of the stream
        vertex.stream.errorAfter = 1;
        pieces.clear();
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize", json("1")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.PROVIDER_UNAVAILABLE);
                    assertThat(e.reason()).startsWith("Google Vertex AI stopped the answer").doesNotContain(token);
                });
        assertThat(pieces).containsExactly("From ");
    }
}

package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.EgressRequest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
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
 * Anthropic models on Amazon Bedrock with an organization's AWS key, against a stand-in that verifies each SigV4
 * signature: the key is used (PIL-6) and only Bedrock receives the request, the body carries the instruction and the
 * data only (PIL-7), the secret access key never leaves egress (VLT-3, EGR-3), and AWS's error shapes are read.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class BedrockContractTest {

    static final FakeBedrock bedrock = new FakeBedrock();
    static final String KEY_ID = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    static final String SECRET = "bdrk/" + UUID.randomUUID() + "+Secret";
    static final String SYSTEM = "You are one step of an automated workflow. Do what the instruction says with the "
            + "data given, and answer with the result only.";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.bedrock.model", () -> "anthropic.claude-test-v1:0");
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        bedrock.close();
    }

    @LocalServerPort int port;
    @Autowired AiGateway ai;
    @Autowired CapturingEgress egress;
    @Autowired DatabaseTarget database;

    @BeforeEach
    void reset() {
        bedrock.reset();
        bedrock.keyId = KEY_ID;
        bedrock.secret = SECRET;
        bedrock.region = "eu-central-1";
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    private static Map<String, Object> connection(String secret) {
        return new HashMap<>(Map.of("kind", "AWS_BEDROCK", "label", "Bedrock Frankfurt", "region", "eu-central-1",
                "username", KEY_ID, "secret", secret, "baseUrl", bedrock.base()));
    }

    private static String connect(Tenant t, Map<String, Object> body) {
        var created = t.api().postJson("/api/v1/connections", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    @Tag("claim:PIL-6")
    void theOrganizationsAwsKeyIsUsedAndOnlyBedrockReceivesTheRequest() {
        Tenant t = Tenant.signUp(port);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
        String id = connect(t, connection(SECRET));
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.ORG_KEY);
        egress.requests.clear();
        bedrock.text = "From Bedrock.";
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(r.provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(r.text()).isEqualTo("From Bedrock.");
        assertThat(r.usage()).isEqualTo(new AiResult.Usage(30, 3, false));
        assertThat(bedrock.received).singleElement().satisfies(req -> {
            assertThat(req.signatureValid()).isTrue();
            assertThat(req.path()).isEqualTo("/model/anthropic.claude-test-v1%3A0/invoke");
        });
        assertThat(egress.requests).singleElement().satisfies(e -> assertThat(e.purpose()).isEqualTo("ai.bedrock"));
        assertThat(t.api().get("/api/v1/ai/providers").body()).contains("Amazon Bedrock at 127.0.0.1")
                .contains("Anthropic does not receive it");

        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(200);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
    }

    @Test
    @Tag("claim:PIL-7")
    void onlyTheStepsInstructionAndDataReachBedrock() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(SECRET));
        String canary = "this-step-" + UUID.randomUUID();
        String instruction = "Summarize the note.";
        ObjectNode data = (ObjectNode) json("{\"note\":\"late " + canary + "\",\"n\":2}");
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", instruction, data).withActor(t.user()).withMaxOutputTokens(200));
        FakeBedrock.Received sent = bedrock.received.get(0);
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("anthropic_version", "max_tokens", "system", "messages");
        assertThat(body.get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.get("system").asString()).isEqualTo(SYSTEM);
        assertThat(body.get("messages")).singleElement().satisfies(m -> {
            assertThat(m.get("role").asString()).isEqualTo("user");
            assertThat(m.get("content").asString()).isEqualTo(instruction + "\n\n<data>\n" + JSON.writeValueAsString(data)
                    + "\n</data>");
        });
        for (String absent : List.of(t.email(), t.user().toString(), t.org().toString(), "pilots.ai-step", "Bedrock Frankfurt")) {
            assertThat(sent.raw()).as(absent).doesNotContain(absent);
        }
        assertThat(sent.headers().keySet()).isSubsetOf(Set.of("authorization", "content-type", "content-length", "host",
                "user-agent", "accept-encoding", "connection", "x-amz-date"));
        assertThat(new DatabaseScan(database).find(canary)).isEmpty();
    }

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void theSecretAccessKeyNeverLeavesEgress(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        String id = connect(t, connection(SECRET));
        List<String> seen = new ArrayList<>();
        seen.add(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        // a service that repeats the secret in its refusal: egress cuts it out before the AI module reads it
        bedrock.script.add(FakeBedrock.error(403, "UnrecognizedClientException", "bad secret " + SECRET));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.KEY_REFUSED);
                    seen.add(e.reason());
                });
        for (Http.Response r : List.of(t.api().get("/api/v1/connections"), t.api().get("/api/v1/connections/" + id),
                t.api().get("/api/v1/ai/providers"), t.api().get("/api/v1/ai/usage"), t.browser().get("/ai"),
                t.browser().get("/connections"))) {
            assertThat(r.status()).isEqualTo(200);
            seen.add(r.body());
        }
        for (FakeBedrock.Received r : bedrock.received) {
            seen.add(r.raw());
        }
        for (EgressRequest r : egress.requests) {
            seen.add(r.toString() + r.headers() + new String(r.body()) + r.credential());
        }
        seen.add(output.getAll());
        assertThat(String.join("\n", seen)).doesNotContain(SECRET);
        assertThat(new DatabaseScan(database).find(SECRET)).isEmpty();
        // a wrong secret is refused by the signature check, and named as the organization's key
        Tenant other = Tenant.signUp(port);
        connect(other, connection("wrong/" + UUID.randomUUID()));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Say done", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> assertThat(e.reason())
                        .contains("the organization's AWS key").contains("UnrecognizedClientException"));
    }

    @Test
    void awsErrorShapesAreNamed() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(SECRET));
        record Case(FakeBedrock.Answer answer, AiFailedException.Kind kind, String says) {}
        for (Case c : List.of(
                new Case(FakeBedrock.error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
                        AiFailedException.Kind.RATE_LIMITED, "ThrottlingException"),
                new Case(FakeBedrock.error(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
                        AiFailedException.Kind.PROVIDER_UNAVAILABLE, "ServiceUnavailableException"),
                new Case(FakeBedrock.error(400, "ValidationException", "Input is too long for requested model."),
                        AiFailedException.Kind.REQUEST_REFUSED, "pass less data"),
                new Case(FakeBedrock.error(408, "ModelTimeoutException", "Model has timed out in processing the request."),
                        AiFailedException.Kind.TIMEOUT, "ModelTimeoutException"))) {
            bedrock.script.add(c.answer());
            assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("{\"x\":\"secret data\"}"))))
                    .as(c.says())
                    .isInstanceOfSatisfying(AiFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(c.kind());
                        assertThat(e.reason()).contains(c.says()).doesNotContain("secret data");
                    });
        }
    }

    @Test
    void aBadBedrockConnectionIsRefusedWholeWithTheField() {
        Tenant t = Tenant.signUp(port);
        record Bad(String field, String key, Object value) {}
        for (Bad b : List.of(new Bad("region", "region", ""), new Bad("username", "username", "not a key id"),
                new Bad("secret", "secret", ""), new Bad("verify", "verify", true))) {
            Map<String, Object> body = connection(SECRET);
            body.put(b.key(), b.value());
            var r = t.api().postJson("/api/v1/connections", body);
            assertThat(r.status()).as(b.toString()).isEqualTo(400);
            assertThat(r.body()).as(b.toString()).contains("\"" + b.field() + "\"");
        }
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();
        // AWS's own address names the region, so it need not be given
        var aws = t.api().postJson("/api/v1/connections", Map.of("kind", "AWS_BEDROCK", "label", "Paris",
                "username", KEY_ID, "secret", SECRET, "baseUrl", "https://bedrock-runtime.eu-west-3.amazonaws.com"));
        assertThat(aws.status()).as(aws.body()).isEqualTo(201);
        assertThat(aws.json().get("headerName").asString()).isEqualTo("eu-west-3/bedrock");
        assertThat(bedrock.received).isEmpty();
    }

    @Test
    @Tag("claim:PIL-7")
    void aToolRoundGoesToBedrockInAnthropicsShapeSignedEachTime() {
        Tenant t = Tenant.signUp(port);
        connect(t, connection(SECRET));
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"metric\":{\"type\":\"string\"}},\"required\":[\"metric\"]}");
        List<JsonNode> inputs = new java.util.ArrayList<>();
        AiTool query = new AiTool("query_metric", "Reads a metric's last hour.", schema, input -> {
            inputs.add(input);
            return json("{\"p95_ms\":840}");
        });
        bedrock.tools.then(ToolPlan.call("query_metric", "{\"metric\":\"checkout.latency\"}"));
        bedrock.text = "Checkout p95 is 840 ms.";
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "perf.cases-agent", "Find the slow step", json("1")),
                List.of(query), 2);
        assertThat(r.answer().text()).isEqualTo("Checkout p95 is 840 ms.");
        assertThat(r.answer().provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(inputs).containsExactly(json("{\"metric\":\"checkout.latency\"}"));
        assertThat(bedrock.received).hasSize(2).allSatisfy(x -> {
            assertThat(x.signatureValid()).isTrue();
            assertThat(x.json().get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
            assertThat(x.json().has("model")).isFalse();
            assertThat(x.raw()).doesNotContain(SECRET).doesNotContain(t.org().toString());
        });
        assertThat(ToolPlan.results(bedrock.received.get(1).json())).containsExactly("{\"p95_ms\":840}");
        assertThat(egress.requests.toString()).doesNotContain(SECRET);
    }
}

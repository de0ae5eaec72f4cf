package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.EgressRequest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway against local stand-ins of OpenAI-compatible chat completions servers: the operator's own endpoint
 * (the server's provider, with a server key) and an endpoint an organization connects (with its key, or none). Which
 * one is used (PIL-6), exactly what is sent (PIL-7), that no key leaves egress (VLT-3, EGR-3), and how answers and the
 * documented errors are read.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class OpenAiCompatibleContractTest {

    static final FakeOpenAi server = new FakeOpenAi("/v1");
    static final FakeOpenAi own = new FakeOpenAi("/openai/v1");
    static final String SERVER_KEY = "sk-server-" + UUID.randomUUID();
    static final String ORG_KEY = "sk-org-" + UUID.randomUUID();
    static final String SYSTEM = "You are one step of an automated workflow. Do what the instruction says with the "
            + "data given, and answer with the result only.";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.openai.base-url", server::base);
        registry.add("charter.ai.openai.api-key", () -> SERVER_KEY);
        registry.add("charter.ai.openai.model", () -> "server-model");
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1,127.0.0.2");
    }

    @AfterAll
    static void stop() {
        server.close();
        own.close();
    }

    @LocalServerPort int port;
    @Autowired AiGateway ai;
    @Autowired CapturingEgress egress;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @BeforeEach
    void reset() {
        server.reset();
        own.reset();
        server.acceptedKeys = Set.of(SERVER_KEY);
        own.acceptedKeys = Set.of(ORG_KEY);
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    private static String connect(Tenant t, Map<String, Object> body) {
        var created = t.api().postJson("/api/v1/connections", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String connectEndpoint(Tenant t, String key) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", "OPENAI_COMPATIBLE", "label", "Our vLLM",
                "baseUrl", own.base()));
        if (key != null) {
            body.put("secret", key);
        }
        return connect(t, body);
    }

    @Test
    @Tag("claim:PIL-6")
    void theOrganizationsEndpointIsUsedBeforeTheServersAndOnlyForIt() {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        AiResult viaServer = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(viaServer.provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(viaServer.model()).isEqualTo("server-model");
        assertThat(server.received).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + SERVER_KEY));

        String id = connectEndpoint(t, ORG_KEY);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.ORG_ENDPOINT);
        assertThat(ai.activeProvider(other.org())).isEqualTo(AiProvider.SERVER_KEY);
        own.text = "From our own model.";
        AiResult mine = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(mine.provider()).isEqualTo(AiProvider.ORG_ENDPOINT);
        assertThat(mine.text()).isEqualTo("From our own model.");
        assertThat(mine.usage()).isEqualTo(new AiResult.Usage(21, 4, false));
        assertThat(own.received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
            assertThat(r.header("authorization")).isEqualTo("Bearer " + ORG_KEY);
            assertThat(r.json().get("model").asString()).isEqualTo("server-model");
        });
        assertThat(server.received).hasSize(1);

        // the model the organization's endpoint is asked for is the organization's choice
        var chosen = t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("ORG_ENDPOINT", "SERVER_KEY"),
                "endpointModel", "llama3.1:8b"));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        assertThat(chosen.json().get("order").toString()).isEqualTo("[\"ORG_ENDPOINT\",\"SERVER_KEY\",\"LOCAL\"]");
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1")));
        assertThat(own.received.get(1).json().get("model").asString()).isEqualTo("llama3.1:8b");

        // another organization's request never goes to this endpoint; disconnecting switches back at once
        ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Say done", json("1")));
        assertThat(own.received).hasSize(2);
        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(200);
        assertThat(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).provider())
                .isEqualTo(AiProvider.SERVER_KEY);
        assertThat(own.received).hasSize(2);
        assertThat(jdbc.sql("select provider from ai_usage where org_id = ? order by provider").param(t.org().value())
                .query(String.class).list()).containsExactly("ORG_ENDPOINT", "SERVER_KEY");
    }

    @Test
    @Tag("claim:PIL-6")
    void anEndpointWithoutAKeyGetsNoCredentialAndTheOrderCanPutTheServerFirst() {
        Tenant t = Tenant.signUp(port);
        own.acceptedKeys = Set.of();
        connectEndpoint(t, null);
        var listed = t.api().get("/api/v1/connections").json().get(0);
        assertThat(listed.get("authScheme").asString()).isEqualTo("NONE");
        assertThat(listed.has("fingerprint")).isFalse();
        assertThat(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).provider())
                .isEqualTo(AiProvider.ORG_ENDPOINT);
        assertThat(own.received).singleElement().satisfies(r -> assertThat(r.header("authorization")).isNull());

        // an admin puts the server's provider first, on the page
        var saved = t.browser().form("/ai", "/ai/providers", Map.of("position-SERVER_KEY", "1", "position-ORG_ENDPOINT", "2",
                "position-ORG_KEY", "", "position-LOCAL", "3", "endpointModel", ""));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(ai.providerOrder(t.org())).containsExactly(AiProvider.SERVER_KEY, AiProvider.ORG_ENDPOINT, AiProvider.LOCAL);
        assertThat(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).provider())
                .isEqualTo(AiProvider.SERVER_KEY);
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ? and action = 'ai.providers.chosen'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(1);
        String page = t.browser().get("/ai").body();
        assertThat(page).contains("id=\"choice-SERVER_KEY\"").contains("The model server this Charter&#39;s operator runs at 127.0.0.1")
                .contains("Your model server at 127.0.0.1 and nowhere else");

        // refused whole: the same place twice, a place out of range, an unknown provider, a repeated one
        var twice = t.browser().form("/ai", "/ai/providers", Map.of("position-SERVER_KEY", "1", "position-LOCAL", "1"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("id=\"choice-error\"").contains("its own place");
        assertThat(t.browser().form("/ai", "/ai/providers", Map.of("position-LOCAL", "9")).status()).isEqualTo(400);
        var unknown = t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("OPENAI")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("order");
        var repeated = t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("LOCAL", "LOCAL")));
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("LOCAL"),
                "endpointModel", "a\nb")).status()).isEqualTo(400);
        assertThat(ai.providerOrder(t.org())).containsExactly(AiProvider.SERVER_KEY, AiProvider.ORG_ENDPOINT, AiProvider.LOCAL);
    }

    @Test
    @Tag("claim:PIL-7")
    void onlyTheStepsInstructionAndDataReachTheEndpoint() {
        Tenant other = Tenant.signUp(port);
        Tenant t = Tenant.signUp(port);
        connectEndpoint(t, ORG_KEY);
        String otherOrgCanary = "other-org-" + UUID.randomUUID();
        String otherStepCanary = "other-step-" + UUID.randomUUID();
        String stepCanary = "this-step-" + UUID.randomUUID();
        ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Summarize " + otherOrgCanary,
                json("{\"secret\":\"" + otherOrgCanary + "\"}")));
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Earlier step " + otherStepCanary,
                json("{\"earlier\":\"" + otherStepCanary + "\"}")));
        own.received.clear();

        String instruction = "Summarize the customer's note in one sentence.";
        ObjectNode data = (ObjectNode) json("{\"note\":\"Order 42 arrived late " + stepCanary + "\",\"stars\":2,"
                + "\"tags\":[\"late\",\"ü\"],\"nested\":{\"ok\":null}}");
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", instruction, data).withActor(t.user())
                .withTask(AiTask.SUMMARIZE).withMaxOutputTokens(300).withTimeout(Duration.ofSeconds(30)));
        assertThat(r.provider()).isEqualTo(AiProvider.ORG_ENDPOINT);

        Received sent = own.received.get(0);
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "stream", "messages");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).toString())
                .isEqualTo(JSON.createObjectNode().put("role", "system").put("content", SYSTEM).toString());
        JsonNode user = body.get("messages").get(1);
        assertThat(user.propertyNames()).containsExactlyInAnyOrder("role", "content");
        assertThat(user.get("role").asString()).isEqualTo("user");
        assertThat(user.get("content").asString())
                .isEqualTo(instruction + "\n\n<data>\n" + JSON.writeValueAsString(data) + "\n</data>");
        List<String> absent = new ArrayList<>(List.of(otherOrgCanary, otherStepCanary, t.email(), t.user().toString(),
                t.org().toString(), other.org().toString(), "summarize", "pilots.ai-step", "Our vLLM"));
        for (String canary : absent) {
            assertThat(sent.raw()).as("the request must not carry " + canary).doesNotContain(canary);
        }
        assertThat(sent.headers().keySet()).isSubsetOf(Set.of("authorization", "content-type", "content-length", "host",
                "user-agent", "accept-encoding", "connection"));
        assertThat(new DatabaseScan(database).find(stepCanary)).isEmpty();
    }

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void theKeysNeverLeaveEgress(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        String id = connectEndpoint(t, ORG_KEY);
        Tenant t2 = Tenant.signUp(port);
        List<Http.Response> answers = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> results = new ArrayList<>();
        results.add(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        results.add(ai.complete(AiRequest.of(t2.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        // refusals that could repeat a key: the endpoint refuses it, and echoes the header in its message
        own.script.add(FakeOpenAi.error(401, "Incorrect API key provided: Bearer " + ORG_KEY, "invalid_request_error",
                "invalid_api_key"));
        server.script.add(FakeOpenAi.error(401, "Incorrect API key provided: " + SERVER_KEY, "invalid_request_error",
                "invalid_api_key"));
        for (Tenant who : List.of(t, t2)) {
            try {
                ai.complete(AiRequest.of(who.org(), "pilots.ai-step", "Say done", json("1")));
            } catch (AiFailedException e) {
                assertThat(e.kind()).isEqualTo(AiFailedException.Kind.KEY_REFUSED);
                reasons.add(e.reason());
            }
        }
        assertThat(reasons).hasSize(2);
        // a step whose data carries the server's key: egress replaces it before it reaches the organization's endpoint
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Repeat", json("\"the key " + SERVER_KEY + " is here\"")));
        assertThat(own.received.get(own.received.size() - 1).body()).doesNotContain(SERVER_KEY).contains("[secret:");

        answers.add(t.api().get("/api/v1/connections"));
        answers.add(t.api().get("/api/v1/connections/" + id));
        answers.add(t.api().get("/api/v1/ai/usage"));
        answers.add(t.api().get("/api/v1/ai/providers"));
        answers.add(t.browser().get("/ai"));
        answers.add(t.browser().get("/connections"));
        answers.add(t2.api().get("/api/v1/ai/providers"));
        for (Http.Response a : answers) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        }
        // the reasons the caller gets may quote the provider, but never a key (egress's answer is scrubbed below)
        for (String reason : reasons) {
            assertThat(reason).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        }
        assertThat(String.join("\n", results)).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        // the module never held either key: what it handed to egress names the credential only
        assertThat(egress.requests).isNotEmpty();
        for (EgressRequest r : egress.requests) {
            assertThat(r.toString()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
            assertThat(r.headers().toString()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
            assertThat(r.credential()).isNotNull();
            assertThat(r.credential().toString()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        }
        assertThat(output.getAll()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        // no table holds either key in the clear: the organization's is only vault ciphertext
        assertThat(new DatabaseScan(database).find(ORG_KEY)).isEmpty();
        assertThat(new DatabaseScan(database).find(SERVER_KEY)).isEmpty();
    }

    @Test
    void theDocumentedErrorsAreNamedAndNotCounted() {
        Tenant t = Tenant.signUp(port);
        connectEndpoint(t, ORG_KEY);
        record Case(FakeOpenAi.Answer answer, AiFailedException.Kind kind, boolean retryable, String says) {}
        List<Case> cases = List.of(
                new Case(new FakeOpenAi.Answer(429, "{\"error\":{\"message\":\"Rate limit reached for requests\","
                        + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}", Map.of("retry-after", "7")),
                        AiFailedException.Kind.RATE_LIMITED, true, "rate_limit_exceeded"),
                new Case(FakeOpenAi.error(503, "The engine is currently overloaded, please try again later",
                        "server_error", null), AiFailedException.Kind.PROVIDER_UNAVAILABLE, true, "overloaded"),
                new Case(FakeOpenAi.error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
                        AiFailedException.Kind.KEY_REFUSED, false, "invalid_api_key"),
                new Case(new FakeOpenAi.Answer(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}",
                        Map.of()), AiFailedException.Kind.REQUEST_REFUSED, false, "not found"),
                new Case(new FakeOpenAi.Answer(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length "
                        + "is 4096 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", Map.of()),
                        AiFailedException.Kind.REQUEST_REFUSED, false, "longer than the model's context"),
                new Case(new FakeOpenAi.Answer(200, "not json", Map.of()), AiFailedException.Kind.BAD_ANSWER, true, "not JSON"),
                new Case(new FakeOpenAi.Answer(200, "{\"choices\":[]}", Map.of()), AiFailedException.Kind.BAD_ANSWER, true,
                        "no message content"));
        for (Case c : cases) {
            own.script.add(c.answer());
            assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("{\"x\":\"secret data\"}"))))
                    .as(c.says())
                    .isInstanceOfSatisfying(AiFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(c.kind());
                        assertThat(e.retryable()).isEqualTo(c.retryable());
                        assertThat(e.reason()).contains(c.says()).doesNotContain("secret data").doesNotContain(ORG_KEY);
                    });
        }
        own.script.add(new FakeOpenAi.Answer(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}",
                Map.of("retry-after", "7")));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        // the stand-in's own context check, not a scripted answer
        own.contextChars = 100;
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", json("\"" + "long ".repeat(50) + "\""))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.REQUEST_REFUSED);
                    assertThat(e.reason()).contains("context_length_exceeded").contains("pass less data");
                });
        assertThat(jdbc.sql("select coalesce(sum(requests + input_tokens + output_tokens), 0) from ai_usage where org_id = ?")
                .param(t.org().value()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select errors from ai_usage where org_id = ? and provider = 'ORG_ENDPOINT'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(cases.size() + 2);
    }

    @Test
    @Tag("claim:PIL-7")
    void structuredOutputUsesResponseFormatAndIsValidatedAndAskedOnceMore() {
        Tenant t = Tenant.signUp(port);
        connectEndpoint(t, ORG_KEY);
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"},"
                + "\"citations\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1}},"
                + "\"required\":[\"answer\",\"citations\"]}");
        own.text = "{\"answer\":\"Reset it in settings.\",\"citations\":[3]}";
        AiResult r = ai.complete(AiRequest.of(t.org(), "crews.answer", "Answer with citations", json("{\"kb\":[1,2,3]}"))
                .withSchema(schema));
        assertThat(r.json()).isEqualTo(json(own.text));
        JsonNode body = own.received.get(0).json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "stream", "messages",
                "response_format");
        assertThat(body.get("response_format").get("type").asString()).isEqualTo("json_schema");
        assertThat(body.get("response_format").get("json_schema").get("schema")).isEqualTo(schema);

        // a server that ignores response_format answers prose: validated, asked once more, then the good answer
        own.received.clear();
        own.script.add(new FakeOpenAi.Answer(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Sure! Reset it in settings.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":6}}", Map.of()));
        AiResult again = ai.complete(AiRequest.of(t.org(), "crews.answer", "Answer with citations", json("1")).withSchema(schema));
        assertThat(again.json().get("citations").get(0).asInt()).isEqualTo(3);
        assertThat(again.usage()).isEqualTo(new AiResult.Usage(31, 10, false));
        assertThat(own.received).hasSize(2);
        assertThat(own.received.get(1).json().get("messages").get(1).get("content").asString())
                .startsWith("Answer with citations\n\nYour previous answer did not match the required JSON schema.");

        // twice wrong: refused, without quoting the answer
        own.text = "{\"answer\":\"no sources\",\"citations\":[]}";
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "crews.answer", "Answer", json("1")).withSchema(schema)))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.BAD_ANSWER);
                    assertThat(e.reason()).contains("/citations").contains("minItems").doesNotContain("no sources");
                });

        // a schema that is not an object's, or refers outside itself, is refused before anything is sent
        own.received.clear();
        for (String bad : List.of("{\"type\":\"string\"}", "{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"$ref\":\"https://schemas.example/a.json\"}}}", "{\"type\":\"object\",\"$id\":\"https://x.example/s\"}")) {
            assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "crews.answer", "Answer", json("1")).withSchema(json(bad))))
                    .as(bad)
                    .isInstanceOfSatisfying(dev.charter.shared.InvalidInputException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("schema"));
        }
        assertThat(own.received).isEmpty();
    }

    @Test
    void aPrivateAddressTheOperatorDidNotAllowIsRefusedBeforeAnythingIsSent() {
        Tenant t = Tenant.signUp(port);
        // 127.0.0.2 is loopback, outside the test profile's allowed range 127.0.0.1/32
        String base = own.base().replace("127.0.0.1", "127.0.0.2");
        connect(t, Map.of("kind", "OPENAI_COMPATIBLE", "label", "Elsewhere", "baseUrl", base, "secret", ORG_KEY));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.EGRESS_DENIED);
                    assertThat(e.reason()).contains("allowed-private-ranges");
                });
        assertThat(own.received).isEmpty();
    }

    @Test
    void aBadEndpointConnectionIsRefusedWholeWithTheField() {
        Tenant t = Tenant.signUp(port);
        record Bad(Map<String, Object> body, String field) {}
        List<Bad> bad = List.of(
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "x"), "baseUrl"),
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "x", "baseUrl", own.base() + "/chat/completions"), "baseUrl"),
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "x", "baseUrl", "http://plain.example/v1"), "baseUrl"),
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "", "baseUrl", own.base()), "label"),
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "x", "baseUrl", own.base(), "verify", true), "verify"),
                new Bad(Map.of("kind", "OPENAI_COMPATIBLE", "label", "x", "baseUrl", own.base(), "secret", "a\nb"), "secret"));
        for (Bad b : bad) {
            var r = t.api().postJson("/api/v1/connections", b.body());
            assertThat(r.status()).as(b.toString()).isEqualTo(400);
            assertThat(r.body()).as(b.toString()).contains("\"" + b.field() + "\"");
        }
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        // with a key, the live check asks GET /models with it (the stand-in answers 404 there: nothing is saved)
        var checked = t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label", "x",
                "baseUrl", own.base(), "secret", ORG_KEY, "verify", true));
        assertThat(checked.status()).isEqualTo(400);
        assertThat(own.received).singleElement().satisfies(r -> {
            assertThat(r.method() + " " + r.path()).isEqualTo("GET /openai/v1/models");
            assertThat(r.header("authorization")).isEqualTo("Bearer " + ORG_KEY);
        });
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();
    }

    @Test
    @Tag("claim:PIL-7")
    void toolCallsAndToolMessagesFollowTheChatCompletionsShape() {
        Tenant t = Tenant.signUp(port);
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}");
        List<JsonNode> inputs = new java.util.ArrayList<>();
        AiTool search = new AiTool("search_docs", "Searches the knowledge base.", schema, input -> {
            inputs.add(input);
            return json("[{\"doc\":\"kb-12\",\"text\":\"Reset it in settings.\"}]");
        });
        server.tools.then(ToolPlan.call("search_docs", "{\"query\":\"reset password\"}"), ToolPlan.call("search_docs", "not json"));
        server.text = "Reset it in settings [kb-12].";
        String instruction = "Answer with citations.";
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", instruction, json("\"How do I reset?\"")),
                List.of(search), 2);
        assertThat(r.answer().text()).isEqualTo("Reset it in settings [kb-12].");
        assertThat(r.answer().provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(inputs).containsExactly(json("{\"query\":\"reset password\"}"));
        assertThat(r.calls()).extracting(AiToolCall::succeeded).containsExactly(true, false);

        assertThat(server.received).hasSize(2);
        JsonNode first = server.received.get(0).json();
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "stream", "messages", "tools");
        assertThat(first.get("messages")).hasSize(2);
        assertThat(first.get("messages").get(0).get("content").asString()).isEqualTo(SYSTEM);
        assertThat(first.get("tools").toString()).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"search_docs\","
                + "\"description\":\"Searches the knowledge base.\",\"parameters\":" + schema + "}}]");
        JsonNode messages = server.received.get(1).json().get("messages");
        assertThat(messages).hasSize(5);
        JsonNode assistant = messages.get(2);
        assertThat(assistant.get("role").asString()).isEqualTo("assistant");
        assertThat(assistant.get("content").isNull()).isTrue();
        assertThat(assistant.get("tool_calls")).hasSize(2);
        assertThat(assistant.get("tool_calls").get(0).get("function").get("arguments").asString())
                .isEqualTo("{\"query\":\"reset password\"}");
        assertThat(messages.get(3).get("role").asString()).isEqualTo("tool");
        assertThat(messages.get(3).get("tool_call_id").asString()).isEqualTo(assistant.get("tool_calls").get(0).get("id").asString());
        assertThat(messages.get(3).get("content").asString()).isEqualTo("[{\"doc\":\"kb-12\",\"text\":\"Reset it in settings.\"}]");
        assertThat(messages.get(4).get("content").asString()).startsWith("Error: The input is not a JSON object");
        // the server's key went to the server's endpoint with each round, and never through the module
        assertThat(server.received).allSatisfy(x -> assertThat(x.header("authorization")).isEqualTo("Bearer " + SERVER_KEY));
        assertThat(egress.requests.toString()).doesNotContain(SERVER_KEY);
        for (Received sent : server.received) {
            assertThat(sent.raw()).doesNotContain(t.org().toString()).doesNotContain(t.email()).doesNotContain("crews.answer");
        }
    }

    @Test
    @Tag("claim:PIL-7")
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void theOrganizationsEndpointStreamsChunksWithItsKeyAttachedInEgressOnly() {
        Tenant t = Tenant.signUp(port);
        connectEndpoint(t, ORG_KEY);
        String canary = "stream-data-" + UUID.randomUUID();
        own.stream.pieces = List.of("Late ", "order, ", "key " + ORG_KEY);
        List<String> pieces = new ArrayList<>();
        AiStreamResult r = ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize", json("{\"n\":\"" + canary + "\"}"))
                .withMaxOutputTokens(100), pieces::add);
        assertThat(r.end()).isEqualTo(AiStreamResult.End.COMPLETE);
        assertThat(r.result().provider()).isEqualTo(AiProvider.ORG_ENDPOINT);
        assertThat(pieces).containsExactly("Late ", "order, ", "key [credential]");
        assertThat(r.result().usage()).isEqualTo(new AiResult.Usage(21, 3, false));
        assertThat(server.received).isEmpty();
        Received sent = own.received.get(0);
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + ORG_KEY);
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "stream", "messages",
                "stream_options");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(1).get("content").asString())
                .isEqualTo("Summarize\n\n<data>\n{\"n\":\"" + canary + "\"}\n</data>");
        assertThat(sent.raw()).doesNotContain(t.org().toString()).doesNotContain(t.email()).doesNotContain("crews.reply");
        assertThat(egress.requests).allSatisfy(e -> {
            assertThat(e.toString()).doesNotContain(ORG_KEY);
            assertThat(new String(e.body())).doesNotContain(ORG_KEY);
        });
        assertThat(new DatabaseScan(database).find(canary)).isEmpty();

        // an error chunk in the middle, and a rate limit before the stream
        own.received.clear();
        own.stream.pieces = List.of("a ", "b ", "c ");
        own.stream.errorAfter = 1;
        own.stream.errorType = "server_error";
        own.stream.errorMessage = "The engine is currently overloaded";
        pieces.clear();
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize", json("1")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.PROVIDER_UNAVAILABLE);
                    assertThat(e.reason()).contains("overloaded").doesNotContain(ORG_KEY);
                });
        assertThat(pieces).containsExactly("a ");
        own.script.add(new FakeOpenAi.Answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}", Map.of("retry-after", "3")));
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize", json("1")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
    }
}

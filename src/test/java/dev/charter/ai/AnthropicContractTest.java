package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.EgressRequest;
import dev.charter.shared.InvalidInputException;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import dev.charter.testing.Http;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway against a local stand-in of the Anthropic Messages API, with a server key configured: which key is
 * sent (PIL-6), exactly what is sent (PIL-7), and how answers, errors, budgets and timeouts are read.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class AnthropicContractTest {

    static final FakeAnthropic anthropic = new FakeAnthropic();
    static final String SERVER_KEY = "server-key-" + UUID.randomUUID();
    static final String ORG_KEY = "org-key-" + UUID.randomUUID();
    static final long BUDGET = 50_000;
    /** The fixed system text; a change to it must be deliberate, and it must never carry data. */
    static final String SYSTEM = "You are one step of an automated workflow. Do what the instruction says with the "
            + "data given, and answer with the result only.";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.anthropic.base-url", anthropic::base);
        registry.add("charter.ai.anthropic.api-key", () -> SERVER_KEY);
        registry.add("charter.ai.anthropic.model", () -> "claude-test-model");
        registry.add("charter.ai.daily-token-budget", () -> BUDGET);
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        anthropic.close();
    }

    @LocalServerPort int port;
    @Autowired AiGateway ai;
    @Autowired CapturingEgress egress;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @BeforeEach
    void reset() {
        anthropic.reset();
        anthropic.acceptedKeys = Set.of(SERVER_KEY, ORG_KEY);
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    @Tag("claim:PIL-6")
    void theServerKeyIsUsedUntilTheOrganizationConnectsItsOwn() {
        Tenant t = Tenant.signUp(port);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        AiResult server = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(server.provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(server.producedLocally()).isFalse();
        assertThat(anthropic.received).singleElement().satisfies(r -> assertThat(r.header("x-api-key")).isEqualTo(SERVER_KEY));

        var created = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "Our Anthropic key",
                "baseUrl", anthropic.base() + "/", "authScheme", "HEADER", "headerName", "X-Api-Key", "secret", ORG_KEY));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ai.status(t.org()).orgKeyLabel()).isEqualTo("Our Anthropic key");
        AiResult own = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("{\"a\":1}")));
        assertThat(own.provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(anthropic.received).hasSize(2);
        assertThat(anthropic.received.get(1).header("x-api-key")).isEqualTo(ORG_KEY);
        assertThat(anthropic.received.get(1).raw()).doesNotContain(SERVER_KEY);

        // neither key is ever in the request the module hands to egress: the gateway attaches it
        assertThat(egress.requests.toString()).doesNotContain(SERVER_KEY).doesNotContain(ORG_KEY);
        for (EgressRequest r : egress.requests) {
            assertThat(new String(r.body())).doesNotContain(SERVER_KEY).doesNotContain(ORG_KEY);
            assertThat(r.headers().toString()).doesNotContain(SERVER_KEY);
            r.headers().forEach(h -> assertThat(h.value()).doesNotContain(SERVER_KEY).doesNotContain(ORG_KEY));
        }
        assertThat(jdbc.sql("select provider from ai_usage where org_id = ? order by provider").param(t.org().value())
                .query(String.class).list()).containsExactly("ORG_KEY", "SERVER_KEY");
    }

    @Test
    @Tag("claim:PIL-7")
    void onlyTheStepsInstructionAndDataReachTheModel() {
        Tenant other = Tenant.signUp(port);
        Tenant t = Tenant.signUp(port);
        String otherOrgCanary = "other-org-" + UUID.randomUUID();
        String otherStepCanary = "other-step-" + UUID.randomUUID();
        String labelCanary = "label-" + UUID.randomUUID();
        String stepCanary = "this-step-" + UUID.randomUUID();
        // data of another organization and of an earlier step of this one pass through the same gateway first
        ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Summarize " + otherOrgCanary,
                json("{\"secret\":\"" + otherOrgCanary + "\"}")));
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Earlier step " + otherStepCanary,
                json("{\"earlier\":\"" + otherStepCanary + "\"}")));
        // and the organization holds other data: a connection with a telling name
        t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", labelCanary,
                "baseUrl", "https://api.example.com", "authScheme", "BEARER", "secret", "x-" + UUID.randomUUID()));
        anthropic.received.clear();

        String instruction = "Summarize the customer's note in one sentence.";
        ObjectNode data = (ObjectNode) json("{\"note\":\"Order 42 arrived late " + stepCanary + "\",\"stars\":2,"
                + "\"tags\":[\"late\",\"ü\"],\"nested\":{\"ok\":null}}");
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", instruction, data).withActor(t.user())
                .withTask(AiTask.SUMMARIZE).withMaxOutputTokens(300).withTimeout(Duration.ofSeconds(30)));
        assertThat(r.provider()).isEqualTo(AiProvider.SERVER_KEY);

        Received sent = anthropic.received.get(0);
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "system", "messages");
        assertThat(body.get("model").asString()).isEqualTo("claude-test-model");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.get("system").asString()).isEqualTo(SYSTEM);
        assertThat(body.get("messages")).hasSize(1);
        JsonNode message = body.get("messages").get(0);
        assertThat(message.propertyNames()).containsExactlyInAnyOrder("role", "content");
        assertThat(message.get("role").asString()).isEqualTo("user");
        assertThat(message.get("content").asString())
                .isEqualTo(instruction + "\n\n<data>\n" + JSON.writeValueAsString(data) + "\n</data>");

        List<String> absent = new ArrayList<>(List.of(otherOrgCanary, otherStepCanary, labelCanary, t.email(),
                t.user().toString(), t.org().toString(), other.org().toString(), "summarize", "pilots.ai-step"));
        for (String canary : absent) {
            assertThat(sent.raw()).as("the request must not carry " + canary).doesNotContain(canary);
        }
        assertThat(sent.headers().keySet()).isSubsetOf(Set.of("x-api-key", "anthropic-version", "content-type",
                "content-length", "host", "user-agent", "accept-encoding", "connection"));
        // and nothing of the request or the answer is stored
        assertThat(new DatabaseScan(database).find(stepCanary)).isEmpty();
    }

    @Test
    void readsTheAnswerTextTokensAndJson() {
        Tenant t = Tenant.signUp(port);
        anthropic.text = "{\"category\":\"billing\"}";
        anthropic.inputTokens = 120;
        anthropic.outputTokens = 7;
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Classify", json("\"charged twice\"")));
        assertThat(r.text()).isEqualTo("{\"category\":\"billing\"}");
        assertThat(r.json().get("category").asString()).isEqualTo("billing");
        assertThat(r.model()).isEqualTo("claude-test-model");
        assertThat(r.usage()).isEqualTo(new AiResult.Usage(120, 7, false));
        assertThat(r.latency()).isNotNull();
        var usage = t.api().get("/api/v1/ai/usage").json();
        assertThat(usage.get("totals").get("SERVER_KEY").get("inputTokens").asLong()).isEqualTo(120);
        assertThat(usage.get("status").get("tokensToday").asLong()).isEqualTo(127);
        assertThat(usage.get("days").get(0).get("latencyMillis").asLong()).isGreaterThanOrEqualTo(r.latency().toMillis());
        assertThat(t.browser().get("/ai").body()).contains("Mean latency (ms)");
    }

    @Test
    void errorsAreNamedAndNotCounted() {
        Tenant t = Tenant.signUp(port);
        record Case(FakeAnthropic.Answer answer, AiFailedException.Kind kind, boolean retryable) {}
        List<Case> cases = List.of(
                new Case(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key"), AiFailedException.Kind.KEY_REFUSED, false),
                new Case(FakeAnthropic.error(400, "invalid_request_error", "max_tokens: too large"), AiFailedException.Kind.REQUEST_REFUSED, false),
                new Case(new FakeAnthropic.Answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
                        Map.of("retry-after", "17"), 0), AiFailedException.Kind.RATE_LIMITED, true),
                new Case(FakeAnthropic.error(529, "overloaded_error", "Overloaded"), AiFailedException.Kind.PROVIDER_UNAVAILABLE, true),
                new Case(new FakeAnthropic.Answer(500, "<html>oops</html>", Map.of(), 0), AiFailedException.Kind.PROVIDER_UNAVAILABLE, true),
                new Case(new FakeAnthropic.Answer(200, "not json", Map.of(), 0), AiFailedException.Kind.BAD_ANSWER, true));
        for (Case c : cases) {
            anthropic.script.add(c.answer());
            assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("{\"x\":\"secret data\"}"))))
                    .isInstanceOfSatisfying(AiFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(c.kind());
                        assertThat(e.retryable()).isEqualTo(c.retryable());
                        assertThat(e.reason()).doesNotContain("secret data").doesNotContain(SERVER_KEY);
                    });
        }
        anthropic.script.add(new FakeAnthropic.Answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"slow down\"}}", Map.of("retry-after", "17"), 0));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Do it", json("1"))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
                    assertThat(e.reason()).contains("429").contains("rate_limit_error").contains("slow down");
                });
        // no answered request and no token is counted; every failed call is, as an error of the provider
        assertThat(jdbc.sql("select coalesce(sum(requests + input_tokens + output_tokens), 0) from ai_usage where org_id = ?")
                .param(t.org().value()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select errors from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(cases.size() + 1);
        assertThat(t.api().get("/api/v1/ai/usage").json().get("totals").get("SERVER_KEY").get("errors").asLong())
                .isEqualTo(cases.size() + 1);
    }

    @Test
    @Tag("claim:PIL-7")
    void structuredOutputIsAToolTheModelMustCallAndIsValidated() {
        Tenant t = Tenant.signUp(port);
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"category\":{\"enum\":[\"billing\",\"bug\"]},"
                + "\"signals\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"category\",\"signals\"],"
                + "\"additionalProperties\":false}");
        anthropic.text = "{\"category\":\"billing\",\"signals\":[\"sig-1\"]}";
        AiResult r = ai.complete(AiRequest.of(t.org(), "reviews.draft", "Classify", json("\"charged twice\"")).withSchema(schema));
        assertThat(r.json()).isEqualTo(json(anthropic.text));
        JsonNode body = anthropic.received.get(0).json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "system", "messages", "tools",
                "tool_choice");
        assertThat(body.get("tools")).singleElement().satisfies(tool -> {
            assertThat(tool.get("name").asString()).isEqualTo("answer");
            assertThat(tool.get("input_schema")).isEqualTo(schema);
        });
        assertThat(body.get("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"answer\"}");

        // an answer outside the schema is asked for once more, then refused
        anthropic.received.clear();
        anthropic.text = "{\"category\":\"sales\",\"signals\":[]}";
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "reviews.draft", "Classify", json("\"x\"")).withSchema(schema)))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.BAD_ANSWER);
                    assertThat(e.reason()).contains("/category").doesNotContain("sales");
                });
        assertThat(anthropic.received).hasSize(2);
        assertThat(anthropic.received.get(1).json().get("messages").get(0).get("content").asString())
                .startsWith("Classify\n\nYour previous answer did not match the required JSON schema.");
    }

    @Test
    void theDailyBudgetStopsModelCallsBeforeAnythingIsSent() {
        Tenant t = Tenant.signUp(port);
        anthropic.inputTokens = BUDGET - 100;
        anthropic.outputTokens = 50;
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Big job", json("\"text\"")));
        anthropic.received.clear();
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "x".repeat(400), json("\"more\""))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.BUDGET_EXHAUSTED);
                    assertThat(e.retryable()).isFalse();
                });
        // a small request still fits, with its output limit lowered to what remains
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Short", json("1")));
        assertThat(anthropic.received).singleElement().satisfies(r -> assertThat(r.json().get("max_tokens").asInt()).isLessThan(50));
        // the local fallback does not count against the budget, and another organization has its own
        assertThat(ai.completeLocally(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", json("\"A. B.\""))).provider())
                .isEqualTo(AiProvider.LOCAL);
        assertThat(ai.complete(AiRequest.of(Tenant.signUp(port).org(), "pilots.ai-step", "x".repeat(400), json("1"))).provider())
                .isEqualTo(AiProvider.SERVER_KEY);
    }

    @Test
    void aSlowModelTimesOutAndItsLateAnswerIsStillCounted() throws InterruptedException {
        Tenant t = Tenant.signUp(port);
        anthropic.script.add(new FakeAnthropic.Answer(200, "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"late\"}],"
                + "\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}", Map.of(), 2500));
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Slow", json("1"))
                .withTimeout(Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> assertThat(e.kind()).isEqualTo(AiFailedException.Kind.TIMEOUT));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(jdbc.sql("select coalesce(sum(input_tokens), 0) from ai_usage where org_id = ?")
                        .param(t.org().value()).query(Long.class).single()).isEqualTo(9));
    }

    @Test
    void badRequestsAreRefusedWholeBeforeAnythingIsSent() {
        Tenant t = Tenant.signUp(port);
        assertThatThrownBy(() -> ai.complete(new AiRequest(t.org(), null, "pilots.ai-step", " ", json("\"" + "y".repeat(100_001) + "\""),
                null, 0, Duration.ofMinutes(10))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors().keySet())
                        .containsExactlyInAnyOrder("instruction", "data", "maxOutputTokens", "timeout"));
        assertThatThrownBy(() -> AiRequest.of(t.org(), "Not A Purpose", "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(anthropic.received).isEmpty();
    }

    @Test
    void aPromptLongerThanTheModelsContextIsNamedAsSuch() {
        Tenant t = Tenant.signUp(port);
        anthropic.contextChars = 200;
        assertThatThrownBy(() -> ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize",
                json("\"" + "long ".repeat(80) + "\""))))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.REQUEST_REFUSED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.reason()).contains("400").contains("invalid_request_error").contains("prompt is too long")
                            .contains("pass less data").doesNotContain("long long");
                });
    }

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void theKeysNeverLeaveEgress(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        var created = t.api().postJson("/api/v1/connections", Map.of("kind", "ANTHROPIC_API_KEY", "label", "Claude",
                "baseUrl", anthropic.base(), "secret", ORG_KEY));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Tenant t2 = Tenant.signUp(port);
        List<String> results = new ArrayList<>();
        results.add(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        results.add(ai.complete(AiRequest.of(t2.org(), "pilots.ai-step", "Say done", json("1"))).toString());
        assertThat(anthropic.received.get(0).header("x-api-key")).isEqualTo(ORG_KEY);
        assertThat(anthropic.received.get(1).header("x-api-key")).isEqualTo(SERVER_KEY);
        // refusals that repeat the key: egress cuts it out of the answer before the module reads it
        anthropic.script.add(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key " + ORG_KEY));
        anthropic.script.add(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key " + SERVER_KEY));
        List<String> reasons = new ArrayList<>();
        for (Tenant who : List.of(t, t2)) {
            assertThatThrownBy(() -> ai.complete(AiRequest.of(who.org(), "pilots.ai-step", "Say done", json("1"))))
                    .isInstanceOfSatisfying(AiFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(AiFailedException.Kind.KEY_REFUSED);
                        reasons.add(e.reason());
                    });
        }
        // a model that answers with the key it was sent
        anthropic.text = "your key is " + SERVER_KEY;
        results.add(ai.complete(AiRequest.of(t2.org(), "pilots.ai-step", "Echo", json("1"))).text());

        List<Http.Response> answers = List.of(t.api().get("/api/v1/connections"), t.api().get("/api/v1/connections/" + id),
                t.api().get("/api/v1/ai/usage"), t.api().get("/api/v1/ai/providers"), t.browser().get("/ai"),
                t.browser().get("/connections"), t2.api().get("/api/v1/ai/providers"));
        for (Http.Response a : answers) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        }
        assertThat(reasons).hasSize(2).allSatisfy(r -> assertThat(r).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY));
        assertThat(String.join("\n", results)).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        assertThat(egress.requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.toString()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
            assertThat(new String(r.body())).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
            assertThat(r.credential()).isNotNull();
            assertThat(r.credential().toString()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        });
        assertThat(output.getAll()).doesNotContain(ORG_KEY).doesNotContain(SERVER_KEY);
        assertThat(new DatabaseScan(database).find(ORG_KEY)).isEmpty();
        assertThat(new DatabaseScan(database).find(SERVER_KEY)).isEmpty();
    }

    static final JsonNode ORDER_SCHEMA = JSON.readTree("{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\","
            + "\"pattern\":\"^[0-9]+$\"}},\"required\":[\"order\"],\"additionalProperties\":false}");

    /** A tool that looks an order up, recording every input it was run with. */
    private static AiTool lookupOrder(List<JsonNode> inputs, JsonNode result) {
        return new AiTool("lookup_order", "Looks an order up by its number.", ORDER_SCHEMA, input -> {
            inputs.add(input);
            return result;
        });
    }

    @Test
    @Tag("claim:PIL-7")
    void aToolRoundRunsTheHandlerAndSendsItsResultBackInAnthropicsShape() {
        Tenant other = Tenant.signUp(port);
        Tenant t = Tenant.signUp(port);
        String otherCanary = "other-org-" + UUID.randomUUID();
        ai.complete(AiRequest.of(other.org(), "crews.answer", "Answer " + otherCanary, json("{\"q\":\"" + otherCanary + "\"}")));
        anthropic.received.clear();
        egress.requests.clear();

        String resultCanary = "tool-result-" + UUID.randomUUID();
        List<JsonNode> inputs = new ArrayList<>();
        JsonNode result = json("{\"status\":\"shipped\",\"late\":true,\"note\":\"" + resultCanary + "\"}");
        anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":\"42\"}"));
        anthropic.text = "Order 42 shipped late.";
        String instruction = "Answer the customer's question; look the order up first.";
        JsonNode data = json("{\"question\":\"Where is order 42?\"}");
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", instruction, data).withActor(t.user()),
                List.of(lookupOrder(inputs, result)), 3);

        assertThat(r.answer().text()).isEqualTo("Order 42 shipped late.");
        assertThat(r.answer().provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(inputs).containsExactly(json("{\"order\":\"42\"}"));
        assertThat(r.calls()).singleElement().satisfies(c -> {
            assertThat(c.round()).isEqualTo(1);
            assertThat(c.name()).isEqualTo("lookup_order");
            assertThat(c.output()).isEqualTo(result);
            assertThat(c.succeeded()).isTrue();
        });
        // both rounds together: tokens of two answers
        assertThat(r.answer().usage()).isEqualTo(new AiResult.Usage(24, 10, false));

        assertThat(anthropic.received).hasSize(2);
        JsonNode first = anthropic.received.get(0).json();
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "system", "messages", "tools");
        assertThat(first.get("system").asString()).isEqualTo(SYSTEM);
        assertThat(first.get("messages")).singleElement().satisfies(m -> assertThat(m.get("content").asString())
                .isEqualTo(instruction + "\n\n<data>\n" + data + "\n</data>"));
        assertThat(first.get("tools").toString()).isEqualTo("[{\"name\":\"lookup_order\",\"description\":\"Looks an order "
                + "up by its number.\",\"input_schema\":" + ORDER_SCHEMA + "}]");
        JsonNode second = anthropic.received.get(1).json();
        assertThat(second.get("messages")).hasSize(3);
        JsonNode use = second.get("messages").get(1);
        assertThat(use.get("role").asString()).isEqualTo("assistant");
        assertThat(use.get("content")).singleElement().satisfies(b -> {
            assertThat(b.get("type").asString()).isEqualTo("tool_use");
            assertThat(b.get("name").asString()).isEqualTo("lookup_order");
            assertThat(b.get("input")).isEqualTo(json("{\"order\":\"42\"}"));
        });
        JsonNode back = second.get("messages").get(2);
        assertThat(back.get("role").asString()).isEqualTo("user");
        assertThat(back.get("content").toString()).isEqualTo("[{\"type\":\"tool_result\",\"tool_use_id\":\""
                + use.get("content").get(0).get("id").asString() + "\",\"content\":" + JSON.writeValueAsString(result.toString()) + "}]");

        // each round is one request through egress, counted in usage; nothing else of the organization is sent
        assertThat(egress.requests).hasSize(2).allSatisfy(e -> assertThat(e.purpose()).isEqualTo("ai.anthropic"));
        assertThat(jdbc.sql("select requests from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(2);
        for (Received sent : anthropic.received) {
            for (String canary : List.of(otherCanary, t.email(), t.user().toString(), t.org().toString(), "crews.answer")) {
                assertThat(sent.raw()).doesNotContain(canary);
            }
        }
        assertThat(new DatabaseScan(database).find(resultCanary)).isEmpty();
    }

    @Test
    void aToolInputOutsideItsSchemaOrAnUnknownToolNeverReachesAHandler() {
        Tenant t = Tenant.signUp(port);
        List<JsonNode> inputs = new ArrayList<>();
        AiTool refusing = new AiTool("cancel_order", "Cancels an order.", ORDER_SCHEMA, input -> {
            throw new AiToolException("Order " + input.get("order").asString() + " has shipped; it cannot be cancelled.");
        });
        anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":42}"));
        anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":\"42; drop table\"}"),
                ToolPlan.call("delete_everything", "{}"));
        anthropic.tools.then(ToolPlan.call("cancel_order", "{\"order\":\"42\"}"));
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Help", json("\"order 42\"")),
                List.of(lookupOrder(inputs, json("{}")), refusing), 3);
        assertThat(inputs).isEmpty();
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.calls()).hasSize(4).noneMatch(AiToolCall::succeeded);
        assertThat(r.calls()).extracting(AiToolCall::round).containsExactly(1, 2, 2, 3);
        List<String> results = ToolPlan.results(anthropic.received.get(3));
        assertThat(results).hasSize(4);
        assertThat(results.get(0)).startsWith("Error: The input does not match the tool's input schema");
        assertThat(results.get(1)).startsWith("Error: The input does not match the tool's input schema");
        assertThat(results.get(2)).isEqualTo("Error: There is no tool named 'delete_everything'. The tools are: "
                + "lookup_order, cancel_order.");
        assertThat(results.get(3)).isEqualTo("Error: Order 42 has shipped; it cannot be cancelled.");
    }

    @Test
    void theRoundLimitEndsTheLoopWithAClearFailure() {
        Tenant t = Tenant.signUp(port);
        List<JsonNode> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":\"" + i + "\"}"));
        }
        assertThatThrownBy(() -> ai.completeWithTools(AiRequest.of(t.org(), "perf.cases-agent", "Investigate", json("1")),
                List.of(lookupOrder(inputs, json("\"nothing yet\""))), 2))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.TOOL_ROUNDS_EXHAUSTED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.reason()).contains("after 2 tool rounds");
                });
        assertThat(inputs).hasSize(2);
        assertThat(anthropic.received).hasSize(3);
        // every round's tokens count; the request counts as a failed one
        assertThat(jdbc.sql("select requests || '/' || errors from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query(String.class).single()).isEqualTo("3/1");
    }

    @Test
    void everyToolRoundIsCheckedAgainstTheDailyBudget() {
        Tenant t = Tenant.signUp(port);
        anthropic.inputTokens = BUDGET - 1000;
        ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Big job", json("\"text\"")));
        anthropic.inputTokens = 12;
        anthropic.received.clear();
        anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":\"1\"}"));
        // the tool's result makes the next round larger than what remains of today's budget
        assertThatThrownBy(() -> ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Answer", json("1")),
                List.of(lookupOrder(new ArrayList<>(), json("\"" + "long result ".repeat(500) + "\""))), 3))
                .isInstanceOfSatisfying(AiFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(AiFailedException.Kind.BUDGET_EXHAUSTED));
        assertThat(anthropic.received).hasSize(1);
        assertThat(anthropic.received.get(0).json().get("max_tokens").asInt()).isLessThan(1000);
    }

    @Test
    void aSecretInAToolResultIsReplacedOnTheWayOutLikeAnyData() {
        Tenant t = Tenant.signUp(port);
        String token = "ghp_" + "Rk7Tq2Wm9Xv4Lp8Zn3Hs6Jd1Fb5Gc0Ya2Ue4";
        anthropic.tools.then(ToolPlan.call("lookup_order", "{\"order\":\"7\"}"));
        ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Answer", json("1")),
                List.of(lookupOrder(new ArrayList<>(), json("{\"deployToken\":\"" + token + "\"}"))), 2);
        assertThat(anthropic.received).hasSize(2);
        assertThat(anthropic.received.get(1).raw()).doesNotContain(token);
        assertThat(ToolPlan.results(anthropic.received.get(1))).singleElement().asString().contains("deployToken");
    }

    @Test
    @Tag("claim:PIL-7")
    void aStructuredAnswerAfterToolRoundsIsTheAnswerToolAndIsValidated() {
        Tenant t = Tenant.signUp(port);
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"draft\":{\"type\":\"string\"},\"signals\":{\"type\":"
                + "\"array\",\"items\":{\"type\":\"string\",\"pattern\":\"^sig-\"}}},\"required\":[\"draft\",\"signals\"]}");
        AiTool signals = new AiTool("find_signals", "Finds the signals of a topic.", json("{\"type\":\"object\","
                + "\"properties\":{\"topic\":{\"type\":\"string\"}},\"required\":[\"topic\"]}"),
                input -> json("[{\"id\":\"sig-7\",\"text\":\"slow checkout\"}]"));
        anthropic.tools.then(ToolPlan.call("find_signals", "{\"topic\":\"checkout\"}"));
        anthropic.tools.then(ToolPlan.call("answer", "{\"draft\":\"Checkout is slow.\",\"signals\":[\"7\"]}"));
        anthropic.tools.then(ToolPlan.call("answer", "{\"draft\":\"Checkout is slow.\",\"signals\":[\"sig-7\"]}"));
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "reviews.draft", "Draft a reply citing signals",
                json("\"checkout\"")).withSchema(schema), List.of(signals), 2);
        assertThat(r.answer().json()).isEqualTo(json("{\"draft\":\"Checkout is slow.\",\"signals\":[\"sig-7\"]}"));
        assertThat(r.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("find_signals"));
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(anthropic.received).hasSize(3);
        JsonNode first = anthropic.received.get(0).json();
        assertThat(first.get("tool_choice").toString()).isEqualTo("{\"type\":\"any\"}");
        assertThat(first.get("tools")).extracting(n -> n.get("name").asString()).containsExactly("find_signals", "answer");
        assertThat(first.get("tools").get(1).get("input_schema")).isEqualTo(schema);
        // the mismatching answer was answered with what was wrong, as the answer tool's error result
        assertThat(ToolPlan.results(anthropic.received.get(2))).last().asString()
                .startsWith("Error: Your previous answer did not match the required JSON schema.");
    }

    @Test
    void badToolsAreRefusedWholeBeforeAnythingIsSent() {
        Tenant t = Tenant.signUp(port);
        AiTool.Handler none = input -> json("1");
        record Case(List<AiTool> tools, int rounds, String field) {}
        List<Case> cases = List.of(
                new Case(List.of(), 2, "tools"),
                new Case(List.of(new AiTool("has space", "x", ORDER_SCHEMA, none)), 2, "tools"),
                new Case(List.of(new AiTool("answer", "x", ORDER_SCHEMA, none)), 2, "tools"),
                new Case(List.of(new AiTool("a", "x", ORDER_SCHEMA, none), new AiTool("a", "y", ORDER_SCHEMA, none)), 2, "tools"),
                new Case(List.of(new AiTool("a", " ", ORDER_SCHEMA, none)), 2, "tools"),
                new Case(List.of(new AiTool("a", "x", json("{\"type\":\"string\"}"), none)), 2, "tools"),
                new Case(List.of(new AiTool("a", "x", json("{\"type\":\"object\",\"$ref\":\"https://example.com/s\"}"), none)), 2, "tools"),
                new Case(List.of(new AiTool("a", "x", ORDER_SCHEMA, none)), 0, "maxRounds"),
                new Case(List.of(new AiTool("a", "x", ORDER_SCHEMA, none)), AiGateway.MAX_TOOL_ROUNDS + 1, "maxRounds"));
        for (Case c : cases) {
            assertThatThrownBy(() -> ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Answer", json("1")),
                    c.tools(), c.rounds()))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.fieldErrors().keySet()).as(c.toString()).containsExactly(c.field()));
        }
        assertThatThrownBy(() -> ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", " ", json("1")), List.of(), 9))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors().keySet())
                        .containsExactlyInAnyOrder("instruction", "tools", "maxRounds"));
        assertThat(anthropic.received).isEmpty();
    }

    // streaming: Messages with stream: true, read as server-sent events

    @Test
    @Tag("claim:PIL-7")
    @Tag("claim:VLT-3")
    @Tag("claim:EGR-3")
    void aStreamedAnswerArrivesInPiecesWithOnlyTheInstructionAndDataSentAndNoKeyAnywhere(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        egress.requests.clear();
        String stepCanary = "stream-step-" + UUID.randomUUID();
        // the model repeats the key it was sent: egress cuts it out of the stream as it passes
        anthropic.stream.pieces = List.of("Order ", "42 ", "arrived ", "late; key ", SERVER_KEY + ".");
        anthropic.inputTokens = 33;
        anthropic.outputTokens = 6;
        List<String> pieces = new ArrayList<>();
        ObjectNode data = (ObjectNode) json("{\"note\":\"Order 42 arrived late " + stepCanary + "\"}");
        AiStreamResult r = ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize the note.", data)
                .withActor(t.user()).withMaxOutputTokens(200), pieces::add);

        assertThat(r.end()).isEqualTo(AiStreamResult.End.COMPLETE);
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(r.result().text())
                .isEqualTo("Order 42 arrived late; key [credential].");
        assertThat(r.result().provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(r.result().model()).isEqualTo("claude-test-model");
        assertThat(r.result().usage()).isEqualTo(new AiResult.Usage(33, 6, false));

        Received sent = anthropic.received.get(0);
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("accept")).isEqualTo("text/event-stream");
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "system", "messages", "stream");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("system").asString()).isEqualTo(SYSTEM);
        assertThat(body.get("messages")).singleElement().satisfies(m -> assertThat(m.get("content").asString())
                .isEqualTo("Summarize the note.\n\n<data>\n" + JSON.writeValueAsString(data) + "\n</data>"));
        for (String canary : List.of(t.email(), t.user().toString(), t.org().toString(), "crews.reply")) {
            assertThat(sent.raw()).doesNotContain(canary);
        }
        assertThat(egress.requests).singleElement().satisfies(e -> {
            assertThat(e.toString()).doesNotContain(SERVER_KEY);
            assertThat(new String(e.body())).doesNotContain(SERVER_KEY);
            e.headers().forEach(h -> assertThat(h.value()).doesNotContain(SERVER_KEY));
        });
        assertThat(output.getAll()).doesNotContain(SERVER_KEY).doesNotContain(stepCanary);
        assertThat(new DatabaseScan(database).find(SERVER_KEY)).isEmpty();
        assertThat(new DatabaseScan(database).find(stepCanary)).isEmpty();
        assertThat(jdbc.sql("select requests, input_tokens, output_tokens from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .containsExactly(1L, 33L, 6L);
    }

    @Test
    void anErrorInTheMiddleOfAStreamFailsItAndErrorsBeforeItAreTheDocumentedOnes() {
        Tenant t = Tenant.signUp(port);
        anthropic.stream.errorAfter = 2;
        List<String> pieces = new ArrayList<>();
        anthropic.text = "one two three four";
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Answer", json("\"data\"")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.PROVIDER_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.reason()).contains("overloaded_error").contains("Overloaded").doesNotContain("data");
                });
        assertThat(pieces).containsExactly("one ", "two ");

        anthropic.script.add(new FakeAnthropic.Answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"slow down\"}}", Map.of("retry-after", "9"), 0));
        anthropic.script.add(FakeAnthropic.error(529, "overloaded_error", "Overloaded"));
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Answer", json("1")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AiFailedException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(9));
                });
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Answer", json("1")), pieces::add))
                .isInstanceOfSatisfying(AiFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(AiFailedException.Kind.PROVIDER_UNAVAILABLE));
        assertThat(pieces).hasSize(2);
        assertThat(jdbc.sql("select errors from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(3);
        // a structured answer is not streamed
        assertThatThrownBy(() -> ai.stream(AiRequest.of(t.org(), "crews.reply", "Answer", json("1"))
                .withSchema(json("{\"type\":\"object\"}")), pieces::add))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("schema"));
    }

    @Test
    void aStreamIsCutAtTheOutputLimitAndAtItsTimeoutWithTheReason() {
        Tenant t = Tenant.signUp(port);
        // a model that does not stop at max_tokens: Charter cuts at about four characters a token
        anthropic.stream.pieces = java.util.Collections.nCopies(200, "word ");
        List<String> pieces = new ArrayList<>();
        AiStreamResult cut = ai.stream(AiRequest.of(t.org(), "crews.reply", "Write a lot", json("1"))
                .withMaxOutputTokens(10), pieces::add);
        assertThat(cut.end()).isEqualTo(AiStreamResult.End.OUTPUT_LIMIT);
        assertThat(cut.cut()).isTrue();
        assertThat(cut.result().truncated()).isTrue();
        assertThat(String.join("", pieces)).hasSize(40).isEqualTo(cut.result().text());
        assertThat(anthropic.received.get(0).json().get("max_tokens").asInt()).isEqualTo(10);

        // a model that stops sending: the request's timeout cuts it, what arrived stays the answer
        anthropic.received.clear();
        anthropic.stream.pieces = List.of("first ", "second ");
        anthropic.stream.holdAfter = 1;
        pieces.clear();
        AiStreamResult slow = ai.stream(AiRequest.of(t.org(), "crews.reply", "Answer", json("1"))
                .withTimeout(Duration.ofSeconds(1)), pieces::add);
        assertThat(slow.end()).isEqualTo(AiStreamResult.End.TIME_LIMIT);
        assertThat(pieces).containsExactly("first ");
        assertThat(slow.result().usage().estimated()).isTrue();
        // both counted, with what arrived
        assertThat(jdbc.sql("select requests from ai_usage where org_id = ? and provider = 'SERVER_KEY'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(2);
    }
}

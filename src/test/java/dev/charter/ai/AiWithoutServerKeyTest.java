package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import java.util.ArrayList;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.StringNode;

/**
 * A server without a model key (PIL-6): an organization without its own key gets the local fallback and nothing
 * leaves the server; once it connects its Anthropic key, that key is used.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
class AiWithoutServerKeyTest {

    static final FakeAnthropic anthropic = new FakeAnthropic();
    static final String ORG_KEY = "org-key-" + UUID.randomUUID();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.anthropic.base-url", anthropic::base);
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

    @BeforeEach
    void reset() {
        anthropic.reset();
        anthropic.acceptedKeys = Set.of(ORG_KEY);
    }

    @Test
    @Tag("claim:PIL-6")
    void withNoKeyAnywhereEveryRequestIsAnsweredLocallyAndNothingLeaves() {
        Tenant t = Tenant.signUp(port);
        egress.requests.clear();
        String canary = "canary-" + UUID.randomUUID();
        List<String> instructions = List.of("Summarize this", "What is the sentiment?", "Classify as billing, bug or sales",
                "Extract the e-mail addresses", "Hello {{.}}");
        for (String instruction : instructions) {
            AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", instruction,
                    StringNode.valueOf("Invoice problem from " + canary + "@example.com, great support though.")));
            assertThat(r.provider()).isEqualTo(AiProvider.LOCAL);
            assertThat(r.producedLocally()).isTrue();
            assertThat(r.json().get("producedLocally").asBoolean()).isTrue();
            assertThat(r.usage().estimated()).isTrue();
        }
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
        // nothing was even handed to the egress gateway, and nothing reached the model's address
        assertThat(egress.requests).isEmpty();
        assertThat(anthropic.received).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ? and action like 'egress.%'")
                .param(t.org().value()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select requests from ai_usage where org_id = ? and provider = 'LOCAL'")
                .param(t.org().value()).query(Long.class).single()).isEqualTo(instructions.size());
    }

    @Test
    @Tag("claim:PIL-6")
    void anOrganizationThatConnectsItsOwnKeyGetsItUsedAndLosesItOnDisconnect() {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        String id = connectAnthropicKey(t, ORG_KEY);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.ORG_KEY);
        assertThat(ai.activeProvider(other.org())).isEqualTo(AiProvider.LOCAL);

        anthropic.text = "Summary from the model.";
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", StringNode.valueOf("Some text.")));
        assertThat(r.provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(r.producedLocally()).isFalse();
        assertThat(r.text()).isEqualTo("Summary from the model.");
        assertThat(anthropic.received).singleElement()
                .satisfies(req -> assertThat(req.header("x-api-key")).isEqualTo(ORG_KEY));

        // another organization never gets this key
        AiResult theirs = ai.complete(AiRequest.of(other.org(), "pilots.ai-step", "Summarize", StringNode.valueOf("Theirs.")));
        assertThat(theirs.provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(anthropic.received).hasSize(1);

        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(200);
        assertThat(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", StringNode.valueOf("After."))).provider())
                .isEqualTo(AiProvider.LOCAL);
        assertThat(anthropic.received).hasSize(1);
    }

    @Test
    @Tag("claim:PIL-6")
    void anAnthropicKeyConnectionIsTheOrganizationsKey() {
        Tenant t = Tenant.signUp(port);
        connect(t, Map.of("kind", "ANTHROPIC_API_KEY", "label", "Claude", "baseUrl", anthropic.base(), "secret", ORG_KEY));
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.ORG_KEY);
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", StringNode.valueOf("Some text.")));
        assertThat(r.provider()).isEqualTo(AiProvider.ORG_KEY);
        assertThat(anthropic.received).singleElement()
                .satisfies(req -> assertThat(req.header("x-api-key")).isEqualTo(ORG_KEY));

        // pointed at another address, the key is not sent to the model's
        Tenant elsewhere = Tenant.signUp(port);
        connect(elsewhere, Map.of("kind", "ANTHROPIC_API_KEY", "label", "Other", "baseUrl", anthropic.base() + "/other",
                "secret", ORG_KEY));
        assertThat(ai.activeProvider(elsewhere.org())).isEqualTo(AiProvider.LOCAL);
    }

    @Test
    void aLocalAnswerFlowsIntoTheStepsAfterIt() {
        Tenant t = Tenant.signUp(port);
        var pilot = dev.charter.pilots.PilotFixtures.create(t.api(), Map.of("title", "Mood", "steps", List.of(
                Map.of("kind", "ai", "name", "mood", "config", Map.of("instruction", "What is the sentiment?",
                        "input", "trigger.text", "task", "sentiment")),
                Map.of("kind", "transform", "name", "after", "config", Map.of("expression",
                        "steps.mood.json.label & \"/\" & steps.mood.text & \"/\" & $string(steps.mood.producedLocally)")))));
        var delivered = new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("text", "Terrible support, the app crashed."));
        var run = dev.charter.pilots.PilotFixtures.awaitRun(t.api(), delivered.json().get("run").asString());
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("steps").get(1).get("output").asString()).isEqualTo("negative/negative/true");
        assertThat(anthropic.received).isEmpty();
    }

    @Test
    void theLocalFallbackAnswersInTheCallersShapeTheSameEveryTime() {
        Tenant t = Tenant.signUp(port);
        var schema = tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"type\":\"object\",\"properties\":{"
                + "\"label\":{\"enum\":[\"positive\",\"negative\",\"neutral\"]},\"score\":{\"type\":\"number\"},"
                + "\"text\":{\"type\":\"string\"},\"signals\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                + "\"required\":[\"label\",\"score\",\"text\",\"signals\"],\"additionalProperties\":false}");
        AiRequest request = AiRequest.of(t.org(), "reviews.draft", "What is the sentiment?",
                StringNode.valueOf("Terrible support, the app crashed.")).withSchema(schema);
        AiResult first = ai.complete(request);
        assertThat(first.provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(first.json().toString()).isEqualTo("{\"label\":\"negative\",\"score\":-0.8,\"text\":\"negative\","
                + "\"signals\":[]}");
        assertThat(ai.complete(request).json()).isEqualTo(first.json());
        // a shape the fallback cannot fill is refused, not answered half
        var impossible = tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"type\":\"object\","
                + "\"properties\":{\"id\":{\"type\":\"string\",\"minLength\":5}},\"required\":[\"id\"]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ai.complete(request.withSchema(impossible)))
                .isInstanceOfSatisfying(AiFailedException.class, e -> assertThat(e.kind()).isEqualTo(AiFailedException.Kind.BAD_ANSWER));
        assertThat(anthropic.received).isEmpty();
    }

    @Test
    void aConnectionThatIsNotAnAnthropicKeyIsNotUsed() {
        Tenant t = Tenant.signUp(port);
        // bearer instead of x-api-key, and the right header towards another path base
        connect(t, Map.of("kind", "HTTP_API", "label", "bearer", "baseUrl", anthropic.base(), "authScheme", "BEARER",
                "secret", ORG_KEY));
        connect(t, Map.of("kind", "HTTP_API", "label", "elsewhere", "baseUrl", anthropic.base() + "/other",
                "authScheme", "HEADER", "headerName", "x-api-key", "secret", ORG_KEY));
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.LOCAL);
    }

    @Test
    void theAiPageShowsTheProviderUsageAndRunsTheLocalFallback() {
        Tenant t = Tenant.signUp(port);
        var page = t.browser().get("/ai");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("local fallback").contains("try-form").contains("No AI requests this month");

        String csrf = t.browser().csrf("/ai");
        var fragment = t.browser().send(HttpRequest.newBuilder(URI.create(t.browser().base() + "/ai/try"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                .header("Origin", t.browser().base())
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("_csrf", csrf, "task", "",
                        "instruction", "Classify as billing, bug or sales", "text", "I was charged twice on my invoice.")))));
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<form").contains("id=\"try-result-text\">billing<").doesNotContain("<html");

        var refused = t.browser().form("/ai", "/ai/try", Map.of("task", "poetry", "instruction", " ", "text", "x"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"try-task-error\"").contains("id=\"try-instruction-error\"");

        var usage = t.api().get("/api/v1/ai/usage");
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().get("status").get("provider").asString()).isEqualTo("LOCAL");
        assertThat(usage.json().get("days").get(0).get("provider").asString()).isEqualTo("LOCAL");
        assertThat(usage.json().get("totals").get("LOCAL").get("requests").asLong()).isEqualTo(1);
        assertThat(usage.body()).doesNotContain("charged twice");
        assertThat(t.browser().get("/ai").body()).contains("id=\"ai-usage-chart\"").contains("data-chart=");

        assertThat(t.api().get("/api/v1/ai/usage?from=yesterday").status()).isEqualTo(400);
        assertThat(new Http(port).get("/api/v1/ai/usage").status()).isEqualTo(401);
    }

    @Test
    void membersSeeNeitherThePageNorTheUsage() {
        Tenant owner = Tenant.signUp(port);
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json()
                .get("token").asString();
        Http member = new Http(port);
        assertThat(member.postJson("/api/v1/auth/invitations/" + invite, Map.of("email", "m-" + UUID.randomUUID()
                + "@example.test", "password", "member password 1")).status()).isEqualTo(201);
        assertThat(member.get("/api/v1/ai/usage").status()).isEqualTo(403);
        assertThat(member.get("/ai").status()).isEqualTo(403);
        assertThat(member.get("/dashboard").body()).doesNotContain("href=\"/ai\"");
        assertThat(owner.browser().get("/dashboard").body()).contains("href=\"/ai\"");
    }

    private String connectAnthropicKey(Tenant t, String key) {
        return connect(t, Map.of("kind", "HTTP_API", "label", "Anthropic", "baseUrl", anthropic.base(), "authScheme", "HEADER",
                "headerName", "x-api-key", "secret", key));
    }

    private static String connect(Tenant t, Map<String, Object> body) {
        var created = t.api().postJson("/api/v1/connections", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    @Test
    @Tag("claim:PIL-6")
    void theLocalFallbackAnswersRequestsWithToolsAndNothingLeaves() {
        Tenant t = Tenant.signUp(port);
        egress.requests.clear();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<tools.jackson.databind.JsonNode> inputs = new java.util.ArrayList<>();
        AiTool lookup = new AiTool("customer", "Looks the customer up by e-mail address.", json.readTree(
                "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\",\"pattern\":\"@\"}},\"required\":[\"email\"]}"),
                input -> {
                    inputs.add(input);
                    return json.readTree("{\"plan\":\"enterprise\",\"contact\":\"billing@example.org\"}");
                });
        AiTool needsMore = new AiTool("orders", "Lists a customer's orders.", json.readTree(
                "{\"type\":\"object\",\"properties\":{\"customerId\":{\"type\":\"string\"}},\"required\":[\"customerId\"]}"),
                input -> {
                    throw new AssertionError("the data holds no customerId: this tool must not be called");
                });
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Extract the e-mail addresses",
                json.readTree("{\"email\":\"ana@example.com\",\"note\":\"please help\"}")), List.of(lookup, needsMore), 3);
        assertThat(r.answer().provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(inputs).containsExactly(json.readTree("{\"email\":\"ana@example.com\"}"));
        assertThat(r.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("customer"));
        // the answer covers the data and what the tool returned
        assertThat(r.answer().text()).contains("ana@example.com").contains("billing@example.org");
        // the same request gives the same answer, and nothing was handed to egress
        assertThat(ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Extract the e-mail addresses",
                json.readTree("{\"email\":\"ana@example.com\",\"note\":\"please help\"}")), List.of(lookup, needsMore), 3)
                .answer().text()).isEqualTo(r.answer().text());
        assertThat(egress.requests).isEmpty();
        assertThat(anthropic.received).isEmpty();
    }

    @Test
    @Tag("claim:PIL-6")
    void theLocalFallbackStreamsInPiecesAndThePageRouteSendsThemAsServerSentEvents() {
        Tenant t = Tenant.signUp(port);
        egress.requests.clear();
        List<String> pieces = new ArrayList<>();
        AiStreamResult r = ai.stream(AiRequest.of(t.org(), "crews.reply", "Summarize this",
                StringNode.valueOf("The invoice was charged twice. Please refund the second payment soon.")), pieces::add);
        assertThat(r.end()).isEqualTo(AiStreamResult.End.COMPLETE);
        assertThat(r.result().producedLocally()).isTrue();
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(r.result().text());

        // the AI page's route: a form post with the CSRF token, answered as text/event-stream
        var streamed = t.browser().form("/ai", "/ai/stream", Map.of("instruction", "Summarize this",
                "text", "The invoice was charged twice. Please refund the second payment soon."));
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.header("content-type")).startsWith("text/event-stream");
        assertThat(streamed.body()).startsWith("event:start").contains("event:piece").contains("\"end\":\"COMPLETE\"")
                .contains("\"producedLocally\":true");
        StringBuilder text = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("event:piece\ndata:(\\{.*})").matcher(streamed.body());
        while (m.find()) {
            text.append(Http.JSON.readTree(m.group(1)).get("text").asString());
        }
        assertThat(text.toString()).isEqualTo(r.result().text());
        assertThat(egress.requests).isEmpty();

        // without the CSRF token, refused; an empty instruction ends the stream with the field's error
        assertThat(t.browser().formRaw("/ai/stream", Map.of("instruction", "x")).status()).isEqualTo(403);
        var empty = t.browser().form("/ai", "/ai/stream", Map.of("instruction", " ", "text", "x"));
        assertThat(empty.body()).contains("event:error").contains("INVALID_INPUT").contains("Write what should be done");
    }
}

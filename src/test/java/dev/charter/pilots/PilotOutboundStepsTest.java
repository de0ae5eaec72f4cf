package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The outbound steps end to end: a Pilot runs transform → http → slack → email against local fakes of a JSON
 * API, a Slack incoming webhook and Resend, all through the real egress gateway with credentials attached by it.
 */
@CharterTest
class PilotOutboundStepsTest {

    static StepFakes fakes;

    @BeforeAll
    static void start() throws IOException {
        fakes = new StepFakes();
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
        registry.add("charter.jobs.backoff-base", () -> "100ms");
        registry.add("charter.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort int port;
    @Autowired DatabaseTarget target;

    private void connect(Tenant t, Map<String, Object> body) {
        var r = t.api().postJson("/api/v1/connections", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void connectAll(Tenant t, String sinkToken, String resendKey) {
        connect(t, Map.of("kind", "HTTP_API", "label", "sink", "baseUrl", fakes.base() + "/sink",
                "authScheme", "BEARER", "secret", sinkToken, "verify", false));
        connect(t, Map.of("kind", "SLACK_WEBHOOK", "label", "slack", "webhookUrl", fakes.base() + StepFakes.SLACK_PATH,
                "verify", false));
        connect(t, Map.of("kind", "RESEND_API_KEY", "label", "resend", "baseUrl", fakes.base() + "/resend",
                "secret", resendKey, "verify", false));
    }

    static Map<String, Object> step(String kind, String name, Map<String, Object> config) {
        return Map.of("kind", kind, "name", name, "config", config);
    }

    static Map<String, Object> fourSteps(String sinkPath) {
        Map<String, Object> http = new HashMap<>();
        http.put("method", "POST");
        http.put("url", sinkPath);
        http.put("connection", "sink");
        http.put("headers", Map.of("X-Order", "{{ steps.shape.order }}"));
        http.put("body", "{\"order\": steps.shape.order, \"total\": steps.shape.total}");
        return Map.of("title", "Orders out", "steps", List.of(
                step("transform", "shape", Map.of("expression",
                        "{\"order\": trigger.id, \"total\": $sum(trigger.items.price), \"email\": trigger.email}")),
                step("http", "post", http),
                step("slack", "tell", Map.of("connection", "slack",
                        "text", "Order {{ steps.shape.order }}: {{ steps.shape.total }} EUR")),
                step("email", "mail", Map.of("connection", "resend", "from", "Shop <orders@shop.example>",
                        "to", "{{ steps.shape.email }}", "subject", "Your order {{ steps.shape.order }}",
                        "text", "Thanks! Total {{ steps.shape.total }}."))));
    }

    private JsonNode deliver(Tenant t, JsonNode pilot, Map<String, Object> payload) {
        var accepted = new Http(port).postJson(pilot.get("deliveryPath").asString(), payload);
        assertThat(accepted.status()).isEqualTo(202);
        return awaitRun(t.api(), accepted.json().get("run").asString());
    }

    @Test
    @Tag("claim:PIL-1")
    void transformHttpSlackAndEmailRunAgainstTheProvidersFakes() {
        Tenant t = Tenant.signUp(port);
        String sinkToken = "sink-" + UUID.randomUUID();
        connectAll(t, sinkToken, fakes.resendKey);
        var pilot = create(t.api(), fourSteps("/orders"));
        fakes.seen.clear();

        var run = deliver(t, pilot, Map.of("id", "A-17", "email", "ada@example.org",
                "items", List.of(Map.of("price", 7), Map.of("price", 8))));
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        String runId = run.get("run").get("id").asString();

        var sink = fakes.at("/sink/orders");
        assertThat(sink).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + sinkToken);
            assertThat(s.header("Idempotency-Key")).isEqualTo(runId + ":1");
            assertThat(s.header("X-Order")).isEqualTo("A-17");
            assertThat(s.header("Content-Type")).startsWith("application/json");
            assertThat(s.body()).isEqualTo("{\"order\":\"A-17\",\"total\":15}");
        });
        var post = run.get("steps").get(1).get("output");
        assertThat(post.get("status").asInt()).isEqualTo(200);
        assertThat(post.get("body").get("received").asBoolean()).isTrue();
        assertThat(post.get("headers").get("content-type").asString()).isEqualTo("application/json");

        assertThat(fakes.at(StepFakes.SLACK_PATH)).singleElement()
                .satisfies(s -> assertThat(s.body()).isEqualTo("{\"text\":\"Order A-17: 15 EUR\"}"));
        assertThat(run.get("steps").get(2).get("output").get("ok").asBoolean()).isTrue();

        assertThat(fakes.at("/resend/emails")).singleElement().satisfies(s -> {
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + fakes.resendKey);
            assertThat(s.body()).contains("\"to\":[\"ada@example.org\"]").contains("\"subject\":\"Your order A-17\"")
                    .contains("\"from\":\"Shop <orders@shop.example>\"").contains("\"text\":\"Thanks! Total 15.\"");
        });
        assertThat(run.get("steps").get(3).get("output").get("id").asString()).isNotBlank();
    }

    @Test
    void aRetriedHttpStepSendsTheSameIdempotencyKey() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), fakes.resendKey);
        fakes.flakyCalls.set(0);
        var pilot = create(t.api(), Map.of("title", "Flaky", "steps", List.of(
                step("http", "call", Map.of("method", "POST", "url", "/flaky", "connection", "sink", "body", "trigger")))));
        fakes.seen.clear();
        var run = deliver(t, pilot, Map.of("n", 1));
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        var calls = fakes.at("/sink/flaky");
        assertThat(calls).hasSize(2);
        String runId = run.get("run").get("id").asString();
        assertThat(calls).extracting(s -> s.header("Idempotency-Key")).containsOnly(runId + ":0");
    }

    /** Pilots II, item 5: a step's own retries and backoff, then its error path; the run goes on and succeeds. */
    @Test
    void aStepRetriesOnItsOwnThenTakesItsErrorPath() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), fakes.resendKey);
        var pilot = create(t.api(), Map.of("title", "Down", "steps", List.of(
                Map.of("kind", "http", "name", "call", "config", Map.of("method", "POST", "url", "/down", "connection", "sink",
                        "body", "trigger"), "onError", Map.of("action", "path", "retries", 2, "backoffSeconds", 1)),
                Map.of("kind", "transform", "name", "alert", "path", "call.error", "config",
                        Map.of("expression", "\"paged: \" & steps.call.error")),
                Map.of("kind", "transform", "name", "after", "config", Map.of("expression", "\"joined\"")))));
        fakes.seen.clear();
        var run = deliver(t, pilot, Map.of("n", 1));
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(fakes.at("/sink/down")).as("one try and two retries").hasSize(3);
        var steps = run.get("steps");
        assertThat(steps.get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(steps.get(0).get("error").asString()).contains("(attempt 3 of 3)", "error path");
        assertThat(steps.get(1).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(steps.get(1).get("output").asString()).startsWith("paged: ").contains("attempt 3 of 3");
        assertThat(steps.get(2).get("output").asString()).isEqualTo("joined");
        // the same Pilot, when the call works: the error path is skipped
        var fine = create(t.api(), Map.of("title", "Up", "steps", List.of(
                Map.of("kind", "http", "name", "call", "config", Map.of("method", "POST", "url", "/ok", "connection", "sink",
                        "body", "trigger"), "onError", Map.of("action", "path")),
                Map.of("kind", "transform", "name", "alert", "path", "call.error", "config", Map.of("expression", "1")))));
        var ok = deliver(t, fine, Map.of("n", 1));
        assertThat(ok.get("steps").get(1).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(ok.get("steps").get(1).get("error").asString()).isEqualTo("not on the path taken: call succeeded");
    }

    @Test
    void aStepThatMayFailHandsItsErrorOnAndAStepWithRetriesRecovers() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), fakes.resendKey);
        // continue: a failing expression (not a passing failure: no retry) becomes the step's output
        var goesOn = create(t.api(), Map.of("title", "Goes on", "steps", List.of(
                Map.of("kind", "transform", "name", "parse", "config", Map.of("expression", "$number(trigger.text)"),
                        "onError", Map.of("action", "continue", "retries", 3)),
                Map.of("kind", "transform", "name", "report", "config", Map.of("expression", "$exists(steps.parse.error)")))));
        var run = deliver(t, goesOn, Map.of("text", "not a number"));
        assertThat(run.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("steps").get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).doesNotContain("attempt");
        assertThat(run.get("steps").get(1).get("output").asBoolean()).isTrue();
        // stop after its own retry: the flaky sink answers on the second try
        fakes.flakyCalls.set(0);
        fakes.seen.clear();
        var flaky = create(t.api(), Map.of("title", "Flaky once", "steps", List.of(
                Map.of("kind", "http", "name", "call", "config", Map.of("method", "POST", "url", "/flaky", "connection", "sink",
                        "body", "trigger"), "onError", Map.of("action", "stop", "retries", 1, "backoffSeconds", 1)))));
        var recovered = deliver(t, flaky, Map.of("n", 2));
        assertThat(recovered.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(fakes.at("/sink/flaky")).hasSize(2);
        // out of bounds
        var bad = t.api().postJson("/api/v1/pilots", Map.of("title", "Bad", "steps", List.of(
                Map.of("kind", "transform", "name", "x", "config", Map.of("expression", "1"),
                        "onError", Map.of("action", "retry forever", "retries", 11, "backoffSeconds", 0)),
                Map.of("kind", "transform", "name", "y", "path", "x.error", "config", Map.of("expression", "1")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("steps[0].onError.action", "steps[0].onError.retries", "steps[0].onError.backoffSeconds",
                "steps[1].path");
    }

    @Test
    void aRefusalIsAPermanentFailureWithTheProvidersReason() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), "re_wrong_" + UUID.randomUUID());
        var gone = create(t.api(), Map.of("title", "Gone", "steps", List.of(
                step("http", "call", Map.of("method", "GET", "url", "/gone", "connection", "sink")))));
        fakes.seen.clear();
        var run = deliver(t, gone, Map.of());
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("404");
        assertThat(fakes.at("/sink/gone")).hasSize(1); // a 4xx is not retried

        var mail = create(t.api(), Map.of("title", "Mail", "steps", List.of(step("email", "mail", Map.of(
                "connection", "resend", "from", "a@shop.example", "to", "b@example.org", "subject", "s", "text", "t")))));
        var failed = deliver(t, mail, Map.of());
        assertThat(failed.get("steps").get(0).get("error").asString()).contains("401").contains("validation_error");

        var unknown = create(t.api(), Map.of("title", "Nobody", "steps", List.of(
                step("slack", "tell", Map.of("connection", "no such hook", "text", "hi")))));
        assertThat(deliver(t, unknown, Map.of()).get("steps").get(0).get("error").asString())
                .contains("no connection named 'no such hook'");
    }

    @Test
    @Tag("claim:EGR-4")
    void aFailedHttpStepShowsTheStartOfItsAnswerWithTheSecretsTakenOut() {
        Tenant t = Tenant.signUp(port);
        String sinkToken = "sink-" + UUID.randomUUID();
        connectAll(t, sinkToken, fakes.resendKey);
        var pilot = create(t.api(), Map.of("title", "Refused", "steps", List.of(
                step("http", "call", Map.of("method", "POST", "url", "/refuses", "connection", "sink", "body", "trigger")))));
        var run = deliver(t, pilot, Map.of("n", 1));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        String error = run.get("steps").get(0).get("error").asString();
        assertThat(error).contains("422").contains("order 42 is closed").contains("[secret:")
                .doesNotContain(sinkToken).doesNotContain(fakes.echoedSecret);
        String page = t.browser().get("/pilots/runs/" + run.get("run").get("id").asString()).body();
        assertThat(page).contains("order 42 is closed").doesNotContain(sinkToken).doesNotContain(fakes.echoedSecret);
        assertThat(new dev.charter.testing.DatabaseScan(target).find(fakes.echoedSecret)).isEmpty();
    }

    @Test
    void aStepThatKeepsFailingSaysWhichTryItWas() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), fakes.resendKey);
        var pilot = create(t.api(), Map.of("title", "Down", "steps", List.of(
                step("http", "call", Map.of("method", "GET", "url", "/down", "connection", "sink")))));
        fakes.seen.clear(); // count this run's tries only
        var run = deliver(t, pilot, Map.of());
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        int tries = fakes.at("/sink/down").size();
        assertThat(tries).isGreaterThan(1);
        assertThat(run.get("steps").get(0).get("error").asString())
                .contains("503").contains("down for maintenance").contains("attempt " + tries + " of " + tries + "; no tries left");
        assertThat(run.get("run").get("error").asString()).contains("attempt " + tries + " of " + tries);
    }

    @Test
    @Tag("claim:EGR-2")
    void theGatewayRefusesPrivateAddressesAndCredentialsOutsideTheirBase() {
        Tenant t = Tenant.signUp(port);
        connectAll(t, "sink-" + UUID.randomUUID(), fakes.resendKey);
        var pilot = create(t.api(), Map.of("title", "Out", "steps", List.of(
                step("http", "inside", Map.of("method", "GET", "url", "https://10.1.2.3/admin")))));
        var run = deliver(t, pilot, Map.of());
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("egress gateway refused").contains("10.1.2.3");

        fakes.seen.clear();
        // the sink connection's credential may only go below its base URL, /sink
        var escape = create(t.api(), Map.of("title", "Escape", "steps", List.of(
                step("http", "other", Map.of("method", "GET", "url", fakes.base() + "/resend/emails", "connection", "sink")))));
        var refused = deliver(t, escape, Map.of());
        assertThat(refused.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.get("steps").get(0).get("error").asString()).contains("egress gateway refused");
        assertThat(fakes.seen).isEmpty();
    }

    @Test
    void anotherOrganizationsConnectionCannotBeUsed() {
        Tenant owner = Tenant.signUp(port);
        connectAll(owner, "sink-" + UUID.randomUUID(), fakes.resendKey);
        Tenant other = Tenant.signUp(port);
        var pilot = create(other.api(), fourSteps("/orders"));
        fakes.seen.clear();
        var run = deliver(other, pilot, Map.of("id", "X", "email", "x@example.org", "items", List.of()));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(1).get("error").asString()).contains("no connection named 'sink'");
        assertThat(fakes.seen).isEmpty();
    }

    @Test
    void badConfigurationsAreRefusedFieldByField() {
        Tenant t = Tenant.signUp(port);
        var r = t.api().postJson("/api/v1/pilots", Map.of("title", "Bad", "steps", List.of(
                step("http", "a", Map.of("method", "TRACE", "url", "ftp://x", "headers", Map.of("Authorization", "x"))),
                step("slack", "b", Map.of("text", "{{ unclosed")),
                step("email", "c", Map.of("connection", "r", "from", "a@b.example", "to", "{{ ) }}", "subject", "s")))));
        assertThat(r.status()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        assertThat(errors.toString()).contains("steps[0].config.method").contains("steps[0].config.url")
                .contains("steps[0].config.headers").contains("steps[1].config.connection").contains("steps[1].config.text")
                .contains("steps[2].config.to").contains("steps[2].config.text");
    }

    @Test
    @Tag("claim:VLT-3")
    void aConnectionsSecretNeverReachesRunRecordsResponsesOrLogs() {
        Tenant t = Tenant.signUp(port);
        try (Canary canary = Canary.start(target)) {
            String sinkToken = canary.plant("sink-token");
            String previousKey = fakes.resendKey;
            String resendKey = canary.plant("resend-key");
            fakes.resendKey = resendKey;
            try {
                connectAll(t, sinkToken, resendKey);
                var pilot = create(t.api(), fourSteps("/orders"));
                var ok = deliver(t, pilot, Map.of("id", "C-1", "email", "c@example.org", "items", List.of()));
                assertThat(ok.get("run").get("status").asString()).as(ok.toString()).isEqualTo("SUCCEEDED");
                // a failing run too: the provider refuses, the reason is recorded
                fakes.resendKey = "re_other";
                var failed = deliver(t, pilot, Map.of("id", "C-2", "email", "c@example.org", "items", List.of()));
                assertThat(failed.get("run").get("status").asString()).isEqualTo("FAILED");

                String hookSecret = StepFakes.SLACK_PATH.substring(StepFakes.SLACK_PATH.lastIndexOf('/') + 1);
                for (String secret : List.of(sinkToken, resendKey, hookSecret)) {
                    assertThat(canary.database(secret)).as("database").isEmpty();
                    assertThat(canary.logs(secret)).as("logs").isEmpty();
                    for (JsonNode run : List.of(ok, failed)) {
                        assertThat(run.toString()).doesNotContain(secret);
                    }
                    assertThat(t.api().get("/api/v1/pilots/" + pilot.get("id").asString()).body()).doesNotContain(secret);
                    assertThat(t.api().get("/api/v1/connections").body()).doesNotContain(secret);
                }
            } finally {
                fakes.resendKey = previousKey;
            }
        }
    }
}

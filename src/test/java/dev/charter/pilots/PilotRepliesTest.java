package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Answering the caller (Pilots II, item 4): a delivery to a Pilot with a reply step waits for it and answers with
 * its status, headers and body; the run goes on after it. When no reply comes (the run stops first) or it comes too
 * late, the delivery answers 202 as before. Either way the delivery is committed before the answer.
 */
@CharterTest
class PilotRepliesTest {

    @LocalServerPort int port;

    @Test
    void aDeliveryGetsTheReplyStepsAnswerAndTheRunGoesOn() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), Map.of("title", "Quote", "steps", List.of(
                Map.of("kind", "transform", "name", "price", "config", Map.of("expression", "trigger.n * 2")),
                Map.of("kind", "reply", "name", "answer", "config", Map.of("status", 201,
                        "headers", Map.of("X-Quote", "fresh"), "body", "{\"ok\": true, \"price\": steps.price}")),
                Map.of("kind", "transform", "name", "after", "config", Map.of("expression", "\"went on\"")))));
        var answer = new Http(port).postJson(pilot.get("deliveryPath").asString(), Map.of("n", 21));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("ok").asBoolean()).isTrue();
        assertThat(answer.json().get("price").asInt()).isEqualTo(42);
        assertThat(answer.header("X-Quote")).isEqualTo("fresh");
        String run = answer.header("Charter-Run");
        JsonNode done = awaitRun(t.api(), run);
        assertThat(done.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("steps").get(2).get("output").asString()).isEqualTo("went on");
        assertThat(done.get("steps").get(1).get("output").get("status").asInt()).isEqualTo(201);

        // text, when the reply says so
        var text = create(t.api(), Map.of("title", "Text", "steps", List.of(Map.of("kind", "reply", "name", "answer",
                "config", Map.of("headers", Map.of("Content-Type", "text/plain; charset=utf-8"), "body", "\"thanks \" & trigger.who")))));
        var plain = new Http(port).postJson(text.get("deliveryPath").asString(), Map.of("who", "Ada"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).startsWith("text/plain");
        assertThat(plain.body()).isEqualTo("thanks Ada");
    }

    @Test
    void withoutAReplyInTimeTheDeliveryIsAcceptedAsBefore() {
        Tenant t = Tenant.signUp(port);
        // the run stops before its reply: nothing to wait for, 202 at once
        var stops = create(t.api(), Map.of("title", "Stops", "steps", List.of(
                Map.of("kind", "condition", "name", "only", "config", Map.of("expression", "trigger.n > 100")),
                Map.of("kind", "reply", "name", "answer", "config", Map.of("body", "1")))));
        long t0 = System.nanoTime();
        var stopped = new Http(port).postJson(stops.get("deliveryPath").asString(), Map.of("n", 1));
        assertThat(stopped.status()).isEqualTo(202);
        assertThat((System.nanoTime() - t0) / 1e9).as("no wait for a reply that cannot come").isLessThan(5);
        assertThat(awaitRun(t.api(), stopped.json().get("run").asString()).get("run").get("status").asString()).isEqualTo("STOPPED");

        // the reply comes after the bound (10 s): the delivery got 202 with its run, and the run still answers later
        var late = create(t.api(), Map.of("title", "Late", "steps", List.of(
                Map.of("kind", "delay", "name", "wait", "config", Map.of("seconds", 11)),
                Map.of("kind", "reply", "name", "answer", "config", Map.of("body", "1")))));
        var accepted = new Http(port).postJson(late.get("deliveryPath").asString(), Map.of("n", 1));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void aReplyMayNotSetWhatTheServerSets() {
        Tenant t = Tenant.signUp(port);
        var r = t.api().postJson("/api/v1/pilots", Map.of("title", "Bad", "steps", List.of(Map.of("kind", "reply",
                "name", "answer", "config", Map.of("status", 700, "headers", Map.of("Set-Cookie", "a=b"), "body", "1 +")))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("steps[0].config.status", "steps[0].config.headers", "Set-Cookie",
                "steps[0].config.body");
    }
}

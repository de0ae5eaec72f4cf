package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@CharterTest
class PilotRunsTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:PIL-1")
    void aDeliveryRunsEveryStepAsConfigured() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Orders"));
        assertThat(pilot.get("definition").get("title").asString()).isEqualTo("Orders");
        assertThat(pilot.get("definition").get("description").asString()).isEqualTo("three steps");
        String path = pilot.get("deliveryPath").asString();

        var accepted = new Http(port).postJson(path, Map.of("customer", "Ada", "items", List.of(Map.of("price", 7), Map.of("price", 8))));
        assertThat(accepted.status()).isEqualTo(202);
        var run = awaitRun(t.api(), accepted.json().get("run").asString());
        assertThat(run.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        var steps = run.get("steps");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.get(0).get("output").get("total").asInt()).isEqualTo(15);
        assertThat(steps.get(1).get("output").get("passed").asBoolean()).isTrue();
        assertThat(steps.get(2).get("output").asString()).isEqualTo("Thanks Ada, total 15");
        assertThat(steps.get(2).get("input").get("steps").get("shape").get("who").asString()).isEqualTo("Ada");

        // the condition stops a small order after two steps
        var small = new Http(port).postJson(path, Map.of("customer", "Bo", "items", List.of(Map.of("price", 3))));
        var stopped = awaitRun(t.api(), small.json().get("run").asString());
        assertThat(stopped.get("run").get("status").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("steps").size()).isEqualTo(2);
        assertThat(stopped.get("steps").get(1).get("status").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aFailingExpressionFailsTheRunWithTheReason() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), Map.of("title", "Bad", "steps", List.of(
                Map.of("kind", "transform", "name", "boom", "config", Map.of("expression", "$number(trigger.text)")))));
        var r = new Http(port).postJson(pilot.get("deliveryPath").asString(), Map.of("text", "not a number"));
        var run = awaitRun(t.api(), r.json().get("run").asString());
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).isNotBlank();
    }

    @Test
    void aHostileTransformFailsItsRunWithinTheLimitAndFreesTheWorker() {
        Tenant t = Tenant.signUp(port);
        // the size comes from the sender's data, not from the expression
        var padding = create(t.api(), Map.of("title", "Pad", "steps", List.of(Map.of("kind", "transform", "name", "pad",
                "config", Map.of("expression", "$pad(\"\", trigger.n, \"x\")")))));
        var looping = create(t.api(), Map.of("title", "Loop", "steps", List.of(Map.of("kind", "transform", "name", "loop",
                "config", Map.of("expression", "($f := function($n){ $f($n + 1) }; $f(trigger.n))")))));
        var healthy = create(t.api(), threeSteps("Healthy"));
        Http sender = new Http(port);

        var padRun = awaitRun(t.api(), sender.postJson(padding.get("deliveryPath").asString(), Map.of("n", 100_000_000))
                .json().get("run").asString());
        assertThat(padRun.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(padRun.get("steps").get(0).get("error").asString())
                .contains("a string would be longer than 1,000,000 characters")
                .doesNotContain("Exception", "dashjoin", "java.");

        // more endless runs than a node has run workers: each stops at its time limit and gives its worker back
        List<String> loops = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            loops.add(sender.postJson(looping.get("deliveryPath").asString(), Map.of("n", i)).json().get("run").asString());
        }
        for (String run : loops) {
            var view = awaitRun(t.api(), run);
            assertThat(view.get("run").get("status").asString()).isEqualTo("FAILED");
            assertThat(view.get("steps").get(0).get("error").asString()).contains("it ran longer than 1000 ms");
        }
        var next = sender.postJson(healthy.get("deliveryPath").asString(),
                Map.of("customer", "Ada", "items", List.of(Map.of("price", 20))));
        assertThat(awaitRun(t.api(), next.json().get("run").asString()).get("run").get("status").asString())
                .isEqualTo("SUCCEEDED");

        // an expression cannot be supplied by the sender: $eval is refused when the Pilot is saved
        var eval = t.api().postJson("/api/v1/pilots", Map.of("title", "Eval", "steps", List.of(Map.of("kind", "transform",
                "name", "run", "config", Map.of("expression", "$eval(trigger.code)")))));
        assertThat(eval.status()).isEqualTo(400);
        assertThat(eval.json().get("errors").get("steps[0].config.expression").toString()).contains("$eval is not available");
    }

    @Test
    @Tag("claim:PIL-2")
    void aWrongSecretStoresNothingAndAnswersLikeAnUnknownPilot() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Guarded"));
        String id = pilot.get("id").asString();
        String secret = pilot.get("deliveryPath").asString().substring(("/hooks/" + id + "/").length());
        String canary = "canary-" + UUID.randomUUID();
        long before = runs();

        Http h = new Http(port);
        var wrong = h.postJson("/hooks/" + id + "/" + secret.substring(0, secret.length() - 1) + "x", Map.of("c", canary));
        var missing = h.postJson("/hooks/" + id, Map.of("c", canary));
        var unknown = h.postJson("/hooks/" + UUID.randomUUID() + "/" + secret, Map.of("c", canary));
        var garbage = h.postJson("/hooks/not-a-uuid/x", Map.of("c", canary));
        for (var r : List.of(wrong, missing, unknown, garbage)) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("detail").asString()).isEqualTo("Delivery URL not found");
        }
        assertThat(runs()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from pilots_run where payload::text like ?").param("%" + canary + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from jobs_job where payload::text like ?").param("%" + canary + "%")
                .query(Long.class).single()).isZero();

        // the secret is not in the database, and rotation makes the old URL stop at once
        assertThat(new dev.charter.testing.DatabaseScan(target).find(secret)).isEmpty();
        var rotated = t.api().postJson("/api/v1/pilots/" + id + "/delivery-secret", Map.of()).json();
        assertThat(h.postJson(pilot.get("deliveryPath").asString(), Map.of()).status()).isEqualTo(404);
        assertThat(h.postJson(rotated.get("deliveryPath").asString(), Map.of()).status()).isEqualTo(202);
    }

    @Autowired dev.charter.storage.DatabaseTarget target;

    @Test
    @Tag("claim:PIL-2")
    void aSignedBodyIsAcceptedWithTheHeaderSecretOrAnHmacSignature() throws Exception {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Signed"));
        String id = pilot.get("id").asString();
        String secret = pilot.get("deliveryPath").asString().substring(("/hooks/" + id + "/").length());
        String body = "{\"customer\":\"Sig\",\"items\":[]}";
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA256"));
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
        Http h = new Http(port);
        var signed = h.send(HttpRequest.newBuilder(URI.create(h.base() + "/hooks/" + id))
                .header("Content-Type", "application/json").header("X-Charter-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(signed.status()).isEqualTo(202);
        var tampered = h.send(HttpRequest.newBuilder(URI.create(h.base() + "/hooks/" + id))
                .header("Content-Type", "application/json").header("X-Charter-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("Sig", "Sag"))));
        assertThat(tampered.status()).isEqualTo(404);
        var header = h.send(HttpRequest.newBuilder(URI.create(h.base() + "/hooks/" + id))
                .header("Content-Type", "application/json").header("X-Charter-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(header.status()).isEqualTo(202);
    }

    @Test
    void refusedDeliveriesSayWhyAndStoreNothing() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Picky"));
        String path = pilot.get("deliveryPath").asString();
        Http h = new Http(port);
        long before = runs();
        var malformed = h.send(HttpRequest.newBuilder(URI.create(h.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{nope")));
        assertThat(malformed.status()).isEqualTo(400);
        var xml = h.send(HttpRequest.newBuilder(URI.create(h.base() + path)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<a/>")));
        assertThat(xml.status()).isEqualTo(415);
        var big = h.send(HttpRequest.newBuilder(URI.create(h.base() + path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(300_000))));
        assertThat(big.status()).isEqualTo(413);
        t.api().json("PUT", "/api/v1/pilots/" + pilot.get("id").asString() + "/enabled", Map.of("enabled", false));
        var disabled = h.postJson(path, Map.of());
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(runs()).isEqualTo(before);

        var form = h.send(HttpRequest.newBuilder(URI.create(h.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")));
        assertThat(form.status()).isEqualTo(409);
    }

    @Test
    void invalidDefinitionsReportEveryProblemAtOnce() {
        Tenant t = Tenant.signUp(port);
        var r = t.api().postJson("/api/v1/pilots", Map.of("title", "", "trigger", Map.of("kind", "SCHEDULE", "cron", "every day",
                        "timeZone", "Mars/Olympus"),
                "steps", List.of(Map.of("kind", "teleport", "name", "a"),
                        Map.of("kind", "transform", "name", "a", "config", Map.of("expression", "{{{")),
                        Map.of("kind", "delay", "name", "wait", "config", Map.of("seconds", -1)))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").propertyNames()).contains("title", "trigger.cron", "trigger.timeZone",
                "steps[0].kind", "steps[1].name", "steps[1].config.expression", "steps[2].config.seconds");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    private long runs() {
        return jdbc.sql("select count(*) from pilots_run").query(Long.class).single();
    }
}

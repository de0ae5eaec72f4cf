package dev.charter.pilots.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Pilots pages over plain HTTP: validation next to each field, form-held editor state, test runs, import, delete. */
@CharterTest
class PilotPagesTest {

    @LocalServerPort int port;

    @Test
    void editorReportsEveryProblemNextToItsFieldAndSavesNothing() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "");
        form.put("triggerKind", "SCHEDULE");
        form.put("cron", "every day");
        form.put("timeZone", "Mars/Olympus");
        form.put("samplePayload", "{nope");
        form.put("steps[0].kind", "transform");
        form.put("steps[0].name", "1bad");
        form.put("steps[0].config.expression", "(");
        form.put("steps[1].kind", "delay");
        form.put("steps[1].name", "wait");
        form.put("steps[1].config.seconds", "soon");
        form.put("action", "save");
        var r = t.browser().form("/pilots/new", "/pilots/new", form);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"title-error\"", "id=\"cron-error\"", "id=\"timeZone-error\"",
                "id=\"samplePayload-error\"", "id=\"steps-0-name-error\"", "id=\"steps-0-config-expression-error\"",
                "id=\"steps-1-config-seconds-error\"");
        assertThat(r.body()).contains("value=\"soon\"", "Mars/Olympus");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void stepsAreAddedMovedAndRemovedInTheFormOnly() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Moves");
        form.put("steps[0].kind", "transform");
        form.put("steps[0].name", "first");
        form.put("steps[0].config.expression", "1");
        form.put("steps[1].kind", "condition");
        form.put("steps[1].name", "second");
        form.put("steps[1].config.expression", "true");
        form.put("action", "up:1");
        String body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        assertThat(body.indexOf("value=\"second\"")).isPositive().isLessThan(body.indexOf("value=\"first\""));

        form.put("action", "remove:0");
        body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        assertThat(body).doesNotContain("value=\"first\"").contains("value=\"second\"");

        form.put("action", "add");
        form.put("newStepKind", "delay");
        body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        assertThat(body).contains("name=\"steps[2].config.seconds\"", "value=\"delay1\"");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void connectionFieldsOfferOnlyThisOrganizationsConnectionsOfTheRightKind() {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "RESEND_API_KEY", "label", "Mail",
                "secret", "re_test_key")).status()).isEqualTo(201);
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "Orders API",
                "baseUrl", "https://api.orders.example", "authScheme", "BEARER", "secret", "tok")).status()).isEqualTo(201);
        assertThat(other.api().postJson("/api/v1/connections", Map.of("kind", "RESEND_API_KEY", "label", "Their mail",
                "secret", "re_other_key")).status()).isEqualTo(201);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Picks");
        form.put("steps[0].kind", "email");
        form.put("steps[0].name", "mail");
        form.put("steps[0].config.connection", "Old mail");
        form.put("steps[1].kind", "slack");
        form.put("steps[1].name", "tell");
        form.put("steps[1].config.connection", "");
        form.put("action", "add");
        form.put("newStepKind", "transform");
        String body = t.browser().form("/pilots/new", "/pilots/new", form).body();

        String email = body.substring(body.indexOf("id=\"steps-0-config-connection\""), body.indexOf("</select>",
                body.indexOf("id=\"steps-0-config-connection\"")));
        assertThat(email).contains(">Mail (Resend API key)<", ">Orders API (HTTP API)<")
                .contains("value=\"Old mail\" selected").contains("Old mail (not connected)")
                .doesNotContain("Their mail");
        assertThat(body).contains("id=\"steps-1-config-connection-none\"").doesNotContain("id=\"steps-0-config-connection-none\"");
    }

    @Test
    void testingAStepUsesTheSamplePayloadAndEarlierStepsAndRecordsNoRun() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("samplePayload", "{\"items\": [{\"price\": 4}, {\"price\": 5}]}");
        form.put("steps[0].kind", "transform");
        form.put("steps[0].name", "shape");
        form.put("steps[0].config.expression", "{\"total\": $sum(trigger.items.price)}");
        form.put("steps[1].kind", "transform");
        form.put("steps[1].name", "double");
        form.put("steps[1].config.expression", "steps.shape.total * 2");
        var r = t.browser().form("/pilots/new", "/pilots/test-step?step=1", form);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"steps-1-output\"", ">18<");

        form.put("steps[1].config.expression", "$unknownFunction(");
        assertThat(t.browser().form("/pilots/new", "/pilots/test-step?step=1", form).body())
                .contains("id=\"steps-1-test-error\"");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void importListsEveryProblemAndDeleteNeedsTheTypedTitle() {
        Tenant t = Tenant.signUp(port);
        var r = t.browser().form("/pilots/import", "/pilots/import", Map.of("document",
                "{\"schema\": \"charter.pilot/v1\", \"title\": \"\", \"steps\": [{\"kind\": \"nope\", \"name\": \"a\"},"
                        + " {\"kind\": \"transform\", \"name\": \"b\", \"config\": {\"expression\": \"(\"}}]}"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"import-errors\"", "steps[0].kind", "steps[1].config.expression", "title");

        String id = PilotFixtures.create(t.api(), PilotFixtures.threeSteps("Keep me")).get("id").asString();
        var refused = t.browser().form("/pilots/" + id, "/pilots/" + id + "/delete", Map.of("confirmation", "Keep"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"confirmation-error\"");
        assertThat(t.api().get("/api/v1/pilots/" + id).status()).isEqualTo(200);
        var deleted = t.browser().form("/pilots/" + id, "/pilots/" + id + "/delete", Map.of("confirmation", "Keep me"));
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(t.api().get("/api/v1/pilots/" + id).status()).isEqualTo(404);
    }

    @Test
    void runPagePollsWhileTheRunIsInProgressAndStopsWhenItEnds() {
        Tenant t = Tenant.signUp(port);
        String waiting = PilotFixtures.create(t.api(), Map.of("title", "Waits", "trigger", Map.of("kind", "MANUAL"),
                "steps", java.util.List.of(Map.of("kind", "transform", "name", "a", "config", Map.of("expression", "1")),
                        Map.of("kind", "delay", "name", "later", "config", Map.of("seconds", 3600)),
                        Map.of("kind", "transform", "name", "b", "config", Map.of("expression", "2"))))).get("id").asString();
        String run = t.api().postJson("/api/v1/pilots/" + waiting + "/runs", Map.of()).json().get("run").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                t.api().get("/api/v1/pilots/runs/" + run).json().get("steps").size() == 2);
        String live = t.browser().get("/pilots/runs/" + run + "/live").body();
        assertThat(live).contains("hx-get=\"/pilots/runs/" + run + "/live\"", "hx-trigger=\"every 1s\"");
        assertThat(t.browser().get("/pilots/runs/" + run).body()).contains("hx-trigger=\"every 1s\"", "id=\"run-step-1\"");

        String done = PilotFixtures.create(t.api(), PilotFixtures.threeSteps("Quick")).get("id").asString();
        String finished = t.api().postJson("/api/v1/pilots/" + done + "/runs", Map.of("customer", "Ann",
                "items", java.util.List.of(Map.of("price", 30)))).json().get("run").asString();
        PilotFixtures.awaitRun(t.api(), finished);
        String page = t.browser().get("/pilots/runs/" + finished).body();
        assertThat(page).contains("data-status=\"SUCCEEDED\"", "Thanks Ann, total 30").doesNotContain("hx-trigger");
    }
}

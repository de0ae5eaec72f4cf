package dev.charter.pilots.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The editor in a real Chromium: a Pilot made through the API with headers saves unchanged, and step actions update
 * the steps in place, keeping the scroll position and earlier "Test this step" results.
 */
@CharterTest
@Tag("browser")
class PilotEditorBrowserTest {

    @LocalServerPort int port;

    static Browser signedIn(Tenant t, String base) {
        Browser b = new Browser();
        List<Cookie> cookies = new ArrayList<>();
        t.browser().cookies().forEach((name, value) -> cookies.add(new Cookie(name, value).setUrl(base)));
        b.context().addCookies(cookies);
        return b;
    }

    @Test
    void aPilotWithHeadersMadeByTheApiSavesUnchangedFromTheEditor() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        Map<String, Object> headers = Map.of("X-Order", "{{ trigger.id }}", "X-Json", "{\"a\": 1}");
        String id = PilotFixtures.create(t.api(), Map.of("title", "With headers", "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "http", "name", "send", "config", Map.of("method", "PUT",
                        "url", "https://orders.example.test/{{ trigger.id }}", "headers", headers,
                        "body", "{\"id\": trigger.id}"))))).get("id").asString();
        JsonNode before = t.api().get("/api/v1/pilots/" + id).json().get("definition");

        try (Browser b = signedIn(t, base)) {
            Page page = b.page;
            page.navigate(base + "/pilots/" + id + "/edit");
            assertThat(page.locator("#steps-0-config-headers input[name$='.name']")).hasCount(2);
            assertThat(page.locator("#steps-0-config-method")).hasValue("PUT");
            b.screenshot("editor-headers");
            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("saved");
        }
        JsonNode after = t.api().get("/api/v1/pilots/" + id).json().get("definition");
        assertThat(after.get("steps")).isEqualTo(before.get("steps"));
        assertThat(after.get("steps").get(0).get("config").get("headers").get("X-Json").asString()).isEqualTo("{\"a\": 1}");
    }

    /**
     * Pilots II's journey: a Pilot with a router and a loop built in the editor, checking GitHub's signature, fired
     * with a GitHub-signed delivery; the run page's diagram shows the path the run took and the step it skipped.
     */
    @Test
    void aRouterAndALoopBuiltInTheEditorRunOnAGitHubDeliveryAndTheDiagramShowsThePath() throws Exception {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        String secret = "github-signing-" + java.util.UUID.randomUUID();
        try (Browser b = signedIn(t, base)) {
            Page page = b.page;
            page.navigate(base + "/pilots/new");
            page.fill("#title", "Pushes by size");
            page.selectOption("#verification", "github");
            page.selectOption("#newStepKind", "router");
            page.click("#add-step");
            page.fill("#steps-0-name", "size");
            page.click("#steps-0-config-routes-add");
            page.fill("#steps-0-config-routes-0-name", "many");
            page.fill("#steps-0-config-routes-0-value", "$count(trigger.commits) > 2");
            page.selectOption("#newStepKind", "foreach");
            page.click("#add-step");
            page.fill("#steps-1-name", "each");
            page.fill("#steps-1-config-items", "trigger.commits");
            page.fill("#steps-1-config-steps", "[{\"kind\": \"transform\", \"name\": \"short\", "
                    + "\"config\": {\"expression\": \"$substring(item.id, 0, 7)\"}}]");
            page.selectOption("#steps-1-path", "size.many");
            page.selectOption("#newStepKind", "transform");
            page.click("#add-step");
            page.fill("#steps-2-name", "few");
            page.fill("#steps-2-config-expression", "\"a small push\"");
            page.selectOption("#steps-2-path", "size.else");
            page.selectOption("#newStepKind", "transform");
            page.click("#add-step");
            page.fill("#steps-3-name", "summary");
            page.fill("#steps-3-config-expression", "{\"route\": steps.size.route, \"ids\": steps.each.outputs}");
            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("saved");
            assertThat(page.locator("#pilot-diagram [data-step='each']")).hasCount(1);
            page.fill("#signingSecret", secret);
            page.click("#signing-secret-save");
            assertThat(page.locator("#signing-secret-state")).containsText("A signing secret is set");
        }
        JsonNode pilot = t.api().get("/api/v1/pilots").json().get(0);
        String id = pilot.get("id").asString();
        JsonNode steps = t.api().get("/api/v1/pilots/" + id).json().get("definition").get("steps");
        assertThat(steps.get(1).get("path").asString()).isEqualTo("size.many");
        assertThat(steps.get(1).get("config").get("steps").get(0).get("name").asString()).isEqualTo("short");

        // GitHub's push: its delivery id and its signature over the body, as GitHub sends them
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"commits\":[{\"id\":\"a1b2c3d4e5f6\"},{\"id\":\"b2c3d4e5f6a1\"},"
                + "{\"id\":\"c3d4e5f6a1b2\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        var delivered = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/hooks/" + id)).header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                        .header("X-Hub-Signature-256", "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
        String run = PilotFixtures.awaitRun(t.api(), t.api().get("/api/v1/pilots/" + id + "/runs").json().get(0).get("id").asString())
                .get("run").get("id").asString();
        try (Browser b = signedIn(t, base)) {
            Page page = b.page;
            page.navigate(base + "/pilots/" + id);
            page.click(".run-link");
            assertThat(page.locator("#run-status")).containsText("Succeeded");
            assertThat(page.locator("#run-diagram [data-step='each']")).hasAttribute("data-status", "SUCCEEDED");
            assertThat(page.locator("#run-diagram [data-step='few']")).hasAttribute("data-status", "SKIPPED");
            assertThat(page.locator("#run-diagram [data-step='summary']")).hasAttribute("data-status", "SUCCEEDED");
            assertThat(page.locator("#run-diagram .pd-taken")).hasCount(3); // trigger → size → each → summary
            assertThat(page.locator("#run-step-2-not-reached")).containsText("Skipped: not on the path taken: size chose many");
            assertThat(page.locator("#run-step-3-output")).containsText("a1b2c3d");
            b.screenshot("pilot-router-loop-run");
        }
        assertThat(run).isNotBlank();
    }

    @Test
    void stepActionsUpdateInPlaceKeepingScrollAndTestResults() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steps.add(Map.of("kind", "transform", "name", "t" + i, "config", Map.of("expression", "trigger.n + " + i)));
        }
        steps.add(Map.of("kind", "http", "name", "send", "config", Map.of("method", "POST", "url", "https://orders.example.test/in")));
        String id = PilotFixtures.create(t.api(), Map.of("title", "Long", "trigger", Map.of("kind", "MANUAL"),
                "samplePayload", Map.of("n", 40), "steps", steps)).get("id").asString();

        try (Browser b = signedIn(t, base)) {
            Page page = b.page;
            page.navigate(base + "/pilots/" + id + "/edit");
            page.click("#steps-4-test");
            assertThat(page.locator("#steps-4-output")).containsText("44");
            page.evaluate("window.charterMarker = 'same page'");

            page.locator("#add-step").scrollIntoViewIfNeeded();
            assertThat(((Number) page.evaluate("window.scrollY")).doubleValue()).isPositive();
            double where = page.locator("#add-step").boundingBox().y;
            page.selectOption("#newStepKind", "delay");
            page.click("#add-step");
            assertThat(page.locator("#steps-6-name")).hasValue("delay1");
            assertThat(page.locator("#steps-4-output")).containsText("44");
            assertThat(page.evaluate("window.charterMarker")).isEqualTo("same page");
            // the view stays where it was: the new step appears above the "Add a step" card, which has not moved
            assertThat(page.locator("#add-step").boundingBox().y).isCloseTo(where, org.assertj.core.data.Offset.offset(2.0));
            assertThat(((Number) page.evaluate("window.scrollY")).doubleValue()).isPositive();

            page.click("#steps-5-config-headers-add");
            assertThat(page.locator("#steps-5-config-headers-0-name")).isVisible();
            page.fill("#steps-5-config-headers-0-name", "X-Trace");
            page.fill("#steps-5-config-headers-0-value", "{{ trigger.n }}");
            page.click("#steps-5-config-headers-add");
            assertThat(page.locator("#steps-5-config-headers-1-name")).isVisible();
            assertThat(page.locator("#steps-5-config-headers-0-name")).hasValue("X-Trace");
            page.click("#steps-5-config-headers-1-remove");
            assertThat(page.locator("#steps-5-config-headers-1-name")).hasCount(0);

            page.click("#steps-0-down");
            assertThat(page.locator("#steps-0-name")).hasValue("t1");
            assertThat(page.evaluate("window.charterMarker")).isEqualTo("same page");
            b.screenshot("editor-in-place");

            page.fill("#steps-6-config-seconds", "5");
            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("saved");
        }
        JsonNode saved = t.api().get("/api/v1/pilots/" + id).json().get("definition").get("steps");
        assertThat(saved.size()).isEqualTo(7);
        assertThat(saved.get(0).get("name").asString()).isEqualTo("t1");
        assertThat(saved.get(5).get("config").get("headers").get("X-Trace").asString()).isEqualTo("{{ trigger.n }}");
        assertThat(saved.get(6).get("kind").asString()).isEqualTo("delay");
    }

    @Test
    void aLongUnbrokenTitleWrapsAndTimesSayTheirZone() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        String title = "Quarterly" + "x".repeat(110);
        String id = PilotFixtures.create(t.api(), Map.of("title", title, "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "delay", "name", "later", "config", Map.of("seconds", 3600)),
                        Map.of("kind", "transform", "name", "after", "config", Map.of("expression", "1"))))).get("id").asString();
        String run = t.api().postJson("/api/v1/pilots/" + id + "/runs", Map.of("n", 1)).json().get("run").asString();
        try (Browser b = signedIn(t, base)) {
            Page page = b.page;
            page.navigate(base + "/pilots");
            var runs = page.locator("#pilots-table thead th").last().boundingBox();
            assertThat(runs.x + runs.width).as("the last column stays on screen").isLessThanOrEqualTo(1280);
            assertThat(page.locator("#pilots-table tbody td").nth(3)).containsText(java.util.regex.Pattern.compile("\\d{2}:\\d{2} \\S+"));
            b.screenshot("pilots-list-long-title");

            page.navigate(base + "/pilots/runs/" + run);
            assertThat(page.locator("#run-step-0-waiting")).containsText("UTC");
            assertThat(page.locator("#run-step-1")).hasAttribute("data-status", "PENDING");
            page.setViewportSize(390, 844);
            page.reload();
            assertThat(page.locator("#run-step-1-not-reached")).isVisible();
            assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
            b.screenshot("run-waiting-phone");
            page.navigate(base + "/pilots/" + id + "/edit");
            b.screenshot("editor-phone");
        }
    }
}

package dev.charter.pilots.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The run page over plain HTTP: large values are cut with a link to the whole value, for the owner only; steps not
 * reached are shown as pending (or not run), and a delay as waiting with when the run goes on.
 */
@CharterTest
class RunPageTest {

    @LocalServerPort int port;

    @Test
    void aLargePayloadIsShownCutWithDownloadsOfTheWholeValueForItsOwnerOnly() {
        Tenant t = Tenant.signUp(port);
        String pilot = PilotFixtures.create(t.api(), Map.of("title", "Big", "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "transform", "name", "copy", "config", Map.of("expression", "trigger")),
                        Map.of("kind", "transform", "name", "small", "config", Map.of("expression", "$length(trigger.blob)"))))).get("id").asString();
        String blob = "x".repeat(40_000) + "END-OF-BLOB";
        String run = t.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of("blob", blob)).json().get("run").asString();
        PilotFixtures.awaitRun(t.api(), run);

        var page = t.browser().get("/pilots/runs/" + run);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().length()).as("a page with three copies of a 40 KB value").isLessThan(30_000);
        assertThat(page.body()).doesNotContain("END-OF-BLOB")
                .contains("id=\"run-payload-truncated\"", "39.1 KiB",
                        "href=\"/pilots/runs/" + run + "/download/payload\"",
                        "href=\"/pilots/runs/" + run + "/download/steps/0/input\"",
                        "href=\"/pilots/runs/" + run + "/download/steps/0/output\"")
                .doesNotContain("id=\"run-step-1-output-truncated\"", "/download/steps/1/output");
        assertThat(page.body()).contains(">40011<");

        var whole = t.browser().get("/pilots/runs/" + run + "/download/payload");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Disposition")).startsWith("attachment;").contains("run-" + run + "-payload.json");
        assertThat(whole.header("Content-Type")).startsWith("application/json");
        assertThat(whole.json().get("blob").asString()).isEqualTo(blob);
        var output = t.browser().get("/pilots/runs/" + run + "/download/steps/0/output");
        assertThat(output.header("Content-Disposition")).startsWith("attachment;");
        assertThat(output.json().get("blob").asString()).isEqualTo(blob);
        assertThat(t.browser().get("/pilots/runs/" + run + "/download/steps/7/output").status()).isEqualTo(404);
        assertThat(t.browser().get("/pilots/runs/" + run + "/download/steps/0/secret").status()).isEqualTo(404);

        Tenant other = Tenant.signUp(port);
        for (String path : List.of("/download/payload", "/download/steps/0/input", "/download/steps/0/output")) {
            var refused = other.browser().get("/pilots/runs/" + run + path);
            assertThat(refused.status()).as(path).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("xxxxxxxx");
            var signedOut = new Http(port).get("/pilots/runs/" + run + path);
            assertThat(signedOut.status()).as(path).isEqualTo(302);
            assertThat(signedOut.body()).doesNotContain("xxxxxxxx");
        }
    }

    @Test
    void smallValuesAreShownWholeAndPrettyWithoutLinks() {
        Tenant t = Tenant.signUp(port);
        String pilot = PilotFixtures.create(t.api(), PilotFixtures.threeSteps("Small")).get("id").asString();
        String run = t.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of("customer", "Ann",
                "items", List.of(Map.of("price", 30)))).json().get("run").asString();
        PilotFixtures.awaitRun(t.api(), run);
        String page = t.browser().get("/pilots/runs/" + run).body();
        assertThat(page).contains("&quot;customer&quot; : &quot;Ann&quot;").doesNotContain("/download/", "-truncated");
    }

    @Test
    void stepsNotReachedArePendingAndADelayShowsWhenItResumes() {
        Tenant t = Tenant.signUp(port);
        String pilot = PilotFixtures.create(t.api(), Map.of("title", "Waits", "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "transform", "name", "a", "config", Map.of("expression", "1")),
                        Map.of("kind", "delay", "name", "later", "config", Map.of("seconds", 3600)),
                        Map.of("kind", "transform", "name", "b", "config", Map.of("expression", "2"))))).get("id").asString();
        String run = t.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of()).json().get("run").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                t.api().get("/api/v1/pilots/runs/" + run).json().get("steps").size() == 2);
        String page = t.browser().get("/pilots/runs/" + run).body();
        assertThat(page).contains("id=\"run-step-1-waiting\"", " UTC</time>", "id=\"run-step-2-not-reached\"",
                "Not reached yet.", ">Waiting<", ">Pending<");
        String live = t.browser().get("/pilots/runs/" + run + "/live").body();
        assertThat(live).contains("id=\"run-step-2-not-reached\"", "id=\"run-step-1-waiting\"");

        String failing = PilotFixtures.create(t.api(), Map.of("title", "Fails", "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "transform", "name", "boom", "config", Map.of("expression", "$error('no')")),
                        Map.of("kind", "transform", "name", "after", "config", Map.of("expression", "2"))))).get("id").asString();
        String failed = t.api().postJson("/api/v1/pilots/" + failing + "/runs", Map.of()).json().get("run").asString();
        PilotFixtures.awaitRun(t.api(), failed);
        String ended = t.browser().get("/pilots/runs/" + failed).body();
        assertThat(ended).contains("data-status=\"FAILED\"", "id=\"run-step-1-not-reached\"", "Not run: an earlier step ended the run.")
                .doesNotContain(">Pending<", "-waiting\"");
    }
}

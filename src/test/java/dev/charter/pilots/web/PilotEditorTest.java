package dev.charter.pilots.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The editor over plain HTTP: name/value rows for headers, sensible defaults, and saying when a test sends for real. */
@CharterTest
class PilotEditorTest {

    @LocalServerPort int port;

    private static Map<String, String> httpStep() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Orders");
        form.put("triggerKind", "MANUAL");
        form.put("steps[0].kind", "http");
        form.put("steps[0].name", "send");
        form.put("steps[0].config.method", "POST");
        form.put("steps[0].config.url", "https://orders.example.test/in");
        return form;
    }

    /** A router's routes, a step's path and what happens when a step fails save from the editor and come back in it. */
    @Test
    void routesPathsAndFailureHandlingSaveFromTheEditorAndComeBack() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = httpStep();
        form.put("steps[0].onError.action", "path");
        form.put("steps[0].onError.retries", "2");
        form.put("steps[0].onError.backoffSeconds", "5");
        form.put("steps[1].kind", "router");
        form.put("steps[1].name", "size");
        form.put("steps[1].config.routes[0].name", "big");
        form.put("steps[1].config.routes[0].value", "trigger.total > 100");
        form.put("steps[2].kind", "transform");
        form.put("steps[2].name", "vip");
        form.put("steps[2].path", "size.big");
        form.put("steps[2].config.expression", "1");
        form.put("steps[3].kind", "transform");
        form.put("steps[3].name", "alert");
        form.put("steps[3].path", "send.error");
        form.put("steps[3].config.expression", "2");
        form.put("action", "save");
        var saved = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String id = t.api().get("/api/v1/pilots").json().get(0).get("id").asString();
        var steps = t.api().get("/api/v1/pilots/" + id).json().get("definition").get("steps");
        assertThat(steps.get(0).get("onError").get("action").asString()).isEqualTo("path");
        assertThat(steps.get(0).get("onError").get("retries").asInt()).isEqualTo(2);
        assertThat(steps.get(0).get("onError").get("backoffSeconds").asInt()).isEqualTo(5);
        assertThat(steps.get(1).get("config").get("routes").get("big").asString()).isEqualTo("trigger.total > 100");
        assertThat(steps.get(2).get("path").asString()).isEqualTo("size.big");
        assertThat(steps.get(3).get("path").asString()).isEqualTo("send.error");

        String edit = t.browser().get("/pilots/" + id + "/edit").body();
        assertThat(edit).contains("<option value=\"size.big\" selected=\"selected\">size.big</option>",
                "<option value=\"send.error\" selected=\"selected\">send.error</option>", "value=\"size.else\"",
                "name=\"steps[0].onError.retries\"", "value=\"2\"");
        // a path the routers before it do not have is reported at the step
        form.put("steps[2].path", "size.huge");
        var refused = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Runs on", "The router size has the routes big, else.");
    }

    @Test
    void headersAreRowsThatSaveAsAnObjectAndComeBackAsRows() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = httpStep();
        form.put("steps[0].config.headers[0].name", "X-Order");
        form.put("steps[0].config.headers[0].value", "{{ trigger.id }}");
        form.put("steps[0].config.headers[1].name", "X-Team");
        form.put("steps[0].config.headers[1].value", "ops");
        form.put("steps[0].config.headers[2].name", "");
        form.put("steps[0].config.headers[2].value", "");
        form.put("action", "save");
        var saved = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        var pilots = t.api().get("/api/v1/pilots").json();
        String id = pilots.get(0).get("id").asString();
        var headers = t.api().get("/api/v1/pilots/" + id).json().get("definition").get("steps").get(0).get("config").get("headers");
        assertThat(headers.size()).isEqualTo(2);
        assertThat(headers.get("X-Order").asString()).isEqualTo("{{ trigger.id }}");
        assertThat(headers.get("X-Team").asString()).isEqualTo("ops");

        String edit = t.browser().get("/pilots/" + id + "/edit").body();
        assertThat(edit).contains("name=\"steps[0].config.headers[0].name\"", "value=\"X-Order\"",
                "name=\"steps[0].config.headers[0].value\"", "value=\"{{ trigger.id }}\"", "value=\"X-Team\"")
                .doesNotContain("name=\"steps[0].config.headers[2].name\"");
    }

    @Test
    void aHeaderWithoutANameTwiceOrReservedIsReportedUnderTheHeadersAndNothingIsSaved() {
        Tenant t = Tenant.signUp(port);
        for (var rows : List.of(
                Map.of("steps[0].config.headers[0].name", " ", "steps[0].config.headers[0].value", "lost"),
                Map.of("steps[0].config.headers[0].name", "X-A", "steps[0].config.headers[0].value", "1",
                        "steps[0].config.headers[1].name", "x-a", "steps[0].config.headers[1].value", "2"),
                Map.of("steps[0].config.headers[0].name", "Authorization", "steps[0].config.headers[0].value", "Bearer x"))) {
            Map<String, String> form = httpStep();
            form.putAll(rows);
            form.put("action", "save");
            var r = t.browser().form("/pilots/new", "/pilots/new", form);
            assertThat(r.status()).as(rows.toString()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"steps-0-config-headers-error\"", "href=\"#steps-0-config-headers\"",
                    "id=\"steps-0-config-headers\"");
            assertThat(r.body()).contains("value=\"" + rows.get("steps[0].config.headers[0].value") + "\"");
        }
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void rowsAreAddedAndRemovedInTheFormOnly() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = httpStep();
        form.put("steps[0].config.headers[0].name", "X-Keep");
        form.put("steps[0].config.headers[0].value", "1");
        form.put("action", "add-row:0:headers");
        String body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        assertThat(body).contains("value=\"X-Keep\"", "name=\"steps[0].config.headers[1].name\"");

        form.put("steps[0].config.headers[1].name", "X-Drop");
        form.put("steps[0].config.headers[1].value", "2");
        form.put("action", "remove-row:0:headers:1");
        body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        assertThat(body).contains("value=\"X-Keep\"").doesNotContain("X-Drop", "name=\"steps[0].config.headers[1].name\"");

        form.put("action", "remove-row:0:headers:x");
        assertThat(t.browser().form("/pilots/new", "/pilots/new", form).status()).isEqualTo(200);
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void newStepsStartNeutralAndAnHttpStepStartsWithPost() {
        Tenant t = Tenant.signUp(port);
        String page = t.browser().get("/pilots/new").body();
        String kinds = page.substring(page.indexOf("id=\"newStepKind\""), page.indexOf("</select>", page.indexOf("id=\"newStepKind\"")));
        assertThat(kinds).contains("<option value=\"\" selected>Choose a kind of step</option>")
                .contains(">HTTP request</option>").doesNotContain(" — ");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Defaults");
        form.put("newStepKind", "");
        form.put("action", "add");
        var refused = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(refused.body()).contains("id=\"newStepKind-error\"").doesNotContain("name=\"steps[0].kind\"");

        form.put("newStepKind", "http");
        String body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        String method = body.substring(body.indexOf("id=\"steps-0-config-method\""), body.indexOf("</select>",
                body.indexOf("id=\"steps-0-config-method\"")));
        assertThat(method.indexOf(">POST<")).isPositive().isLessThan(method.indexOf(">DELETE<"));
        assertThat(method).doesNotContain("selected");
    }

    @Test
    void testingAStepThatSendsSaysSoAndAsksFirst() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Sends");
        form.put("steps[0].kind", "transform");
        form.put("steps[0].name", "shape");
        form.put("steps[0].config.expression", "1");
        form.put("steps[1].kind", "http");
        form.put("steps[1].name", "send");
        form.put("steps[1].config.url", "https://orders.example.test/in");
        form.put("steps[2].kind", "delay");
        form.put("steps[2].name", "later");
        form.put("steps[2].config.seconds", "5");
        form.put("action", "noop");
        String body = t.browser().form("/pilots/new", "/pilots/new", form).body();
        String first = body.substring(body.indexOf("id=\"steps-0-test\""), body.indexOf("</button>", body.indexOf("id=\"steps-0-test\"")));
        String second = body.substring(body.indexOf("id=\"steps-1-test\""), body.indexOf("</button>", body.indexOf("id=\"steps-1-test\"")));
        String third = body.substring(body.indexOf("id=\"steps-2-test\""), body.indexOf("</button>", body.indexOf("id=\"steps-2-test\"")));
        assertThat(first).doesNotContain("hx-confirm").contains(">Test this step");
        assertThat(second).contains("hx-confirm=\"Testing runs this step", "Test this step (sends for real)");
        assertThat(third).as("a later step runs the HTTP step too").contains("hx-confirm=");
        assertThat(body).contains("id=\"steps-1-test-sends\"").doesNotContain("id=\"steps-0-test-sends\"");
    }
}

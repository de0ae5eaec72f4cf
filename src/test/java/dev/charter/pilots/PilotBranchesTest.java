package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Branches (Pilots II, item 2): a router sends each run down the first route whose condition is true, or else; steps
 * on another route are recorded as skipped with the route taken, and the paths join again at the next step on every
 * path. Bad paths and routes are refused with where and why; export and import keep every path.
 */
@CharterTest
class PilotBranchesTest {

    @LocalServerPort int port;

    static Map<String, Object> routed() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("big", "steps.shape.total > 100");
        routes.put("medium", "steps.shape.total > 10");
        return Map.of("title", "Orders by size", "steps", List.of(
                Map.of("kind", "transform", "name", "shape", "config", Map.of("expression", "{\"total\": trigger.total}")),
                Map.of("kind", "router", "name", "size", "config", Map.of("routes", routes)),
                Map.of("kind", "transform", "name", "vip", "path", "size.big", "config", Map.of("expression", "\"call them\"")),
                Map.of("kind", "transform", "name", "thanks", "path", "size.medium", "config", Map.of("expression", "\"send thanks\"")),
                Map.of("kind", "transform", "name", "ignore", "path", "size.else", "config", Map.of("expression", "\"nothing\"")),
                Map.of("kind", "transform", "name", "done", "config",
                        Map.of("expression", "{\"route\": steps.size.route, \"vip\": steps.vip, \"thanks\": steps.thanks}"))));
    }

    @Test
    @Tag("claim:PIL-1")
    void eachRunTakesOneRouteSkipsTheOthersAndJoinsAgain() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), routed());
        String path = pilot.get("deliveryPath").asString();
        Http sender = new Http(port);

        JsonNode big = awaitRun(t.api(), sender.postJson(path, Map.of("total", 500)).json().get("run").asString());
        assertThat(big.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(statuses(big)).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SKIPPED", "SKIPPED", "SUCCEEDED");
        assertThat(big.get("steps").get(1).get("output").get("route").asString()).isEqualTo("big");
        assertThat(big.get("steps").get(3).get("error").asString()).isEqualTo("not on the path taken: size chose big");
        assertThat(big.get("steps").get(5).get("output").get("vip").asString()).isEqualTo("call them");
        assertThat(big.get("steps").get(5).get("output").has("thanks")).as("a skipped step leaves no output").isFalse();

        JsonNode medium = awaitRun(t.api(), sender.postJson(path, Map.of("total", 50)).json().get("run").asString());
        assertThat(statuses(medium)).containsExactly("SUCCEEDED", "SUCCEEDED", "SKIPPED", "SUCCEEDED", "SKIPPED", "SUCCEEDED");
        assertThat(medium.get("steps").get(5).get("output").get("route").asString()).isEqualTo("medium");

        JsonNode small = awaitRun(t.api(), sender.postJson(path, Map.of("total", 5)).json().get("run").asString());
        assertThat(statuses(small)).containsExactly("SUCCEEDED", "SUCCEEDED", "SKIPPED", "SKIPPED", "SUCCEEDED", "SUCCEEDED");
        assertThat(small.get("steps").get(1).get("output").get("route").asString()).isEqualTo("else");
    }

    /** Item 7: the Pilot page draws its steps and routes; the run page draws the path the run took on it. */
    @Test
    void thePilotPageDrawsTheRoutesAndTheRunPageThePathTaken() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), routed());
        String id = pilot.get("id").asString();
        var page = t.browser().get("/pilots/" + id);
        assertThat(page.status()).isEqualTo(200);
        String svg = page.body().substring(page.body().indexOf("<svg"), page.body().indexOf("</svg>"));
        for (String step : List.of("shape", "size", "vip", "thanks", "ignore", "done")) {
            assertThat(svg).contains("data-step=\"" + step + "\"");
        }
        assertThat(svg).contains(">big</text>", ">medium</text>", ">else</text>").doesNotContain("data-status");

        String run = new Http(port).postJson(pilot.get("deliveryPath").asString(), Map.of("total", 50)).json().get("run").asString();
        awaitRun(t.api(), run);
        String drawn = t.browser().get("/pilots/runs/" + run).body();
        drawn = drawn.substring(drawn.indexOf("<svg"), drawn.indexOf("</svg>"));
        assertThat(drawn).contains("data-step=\"thanks\" data-status=\"SUCCEEDED\"", "data-step=\"vip\" data-status=\"SKIPPED\"",
                "data-step=\"ignore\" data-status=\"SKIPPED\"", "data-step=\"done\" data-status=\"SUCCEEDED\"");
        // trigger → shape → size → thanks → done are taken; the arrows into and out of vip and ignore are not
        assertThat(count(drawn, "pd-edge pd-taken")).isEqualTo(4);
        assertThat(count(drawn, "pd-edge pd-not-taken")).isEqualTo(4);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void badPathsAndRoutesAreRefusedWithWhereAndWhy() {
        Tenant t = Tenant.signUp(port);
        var r = t.api().postJson("/api/v1/pilots", Map.of("title", "Bad", "steps", List.of(
                Map.of("kind", "transform", "name", "early", "path", "size.big", "config", Map.of("expression", "1")),
                Map.of("kind", "router", "name", "size", "config", Map.of("routes", Map.of("else", "true", "big", "1 >"))),
                Map.of("kind", "transform", "name", "late", "path", "size.huge", "config", Map.of("expression", "1")),
                Map.of("kind", "router", "name", "empty", "config", Map.of()))));
        assertThat(r.status()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        assertThat(errors.get("steps[0].path").asString()).contains("router step before this one");
        assertThat(errors.get("steps[1].config.routes.else").asString()).contains("not else");
        assertThat(errors.has("steps[1].config.routes.big")).as("a route's condition is compiled").isTrue();
        assertThat(errors.get("steps[2].path").asString()).contains("has the routes big, else");
        assertThat(errors.get("steps[3].config.routes").asString()).contains("at least one route");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void exportAndImportKeepEveryPath() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), routed());
        var exported = t.api().get("/api/v1/pilots/" + pilot.get("id").asString() + "/export");
        assertThat(exported.status()).isEqualTo(200);
        var imported = t.api().postJson("/api/v1/pilots/import", exported.json());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("definition").get("steps")).isEqualTo(pilot.get("definition").get("steps"));
        assertThat(imported.json().get("definition").get("steps").get(3).get("path").asString()).isEqualTo("size.medium");
    }

    private static List<String> statuses(JsonNode run) {
        List<String> out = new java.util.ArrayList<>();
        run.get("steps").forEach(s -> out.add(s.get("status").asString()));
        return out;
    }
}

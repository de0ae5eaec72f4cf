package dev.charter.pilots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds Pilots through the API and waits for runs, for Pilots tests. */
public final class PilotFixtures {

    private PilotFixtures() {}

    /** transform → condition(total > 10) → transform, on a delivery URL. */
    public static Map<String, Object> threeSteps(String title) {
        return Map.of("title", title, "description", "three steps", "trigger", Map.of("kind", "WEBHOOK"),
                "steps", List.of(
                        Map.of("kind", "transform", "name", "shape", "config",
                                Map.of("expression", "{\"who\": trigger.customer, \"total\": $sum(trigger.items.price)}")),
                        Map.of("kind", "condition", "name", "big", "config", Map.of("expression", "steps.shape.total > 10")),
                        Map.of("kind", "transform", "name", "greet", "config",
                                Map.of("expression", "\"Thanks \" & steps.shape.who & \", total \" & $string(steps.shape.total)"))));
    }

    public static JsonNode create(Http http, Map<String, Object> definition) {
        var r = http.postJson("/api/v1/pilots", definition);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public static JsonNode awaitRun(Http http, String runId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.get("/api/v1/pilots/runs/" + runId).json();
            String s = last[0].get("run").get("status").asString();
            return !s.equals("QUEUED") && !s.equals("RUNNING");
        });
        return last[0];
    }

    public static String pilotOf(Tenant t) {
        return create(t.api(), threeSteps("fixture")).get("id").asString();
    }
}

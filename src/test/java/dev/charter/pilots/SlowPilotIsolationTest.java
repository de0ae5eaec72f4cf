package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A Pilot whose runs are slow (a long wait, as a slow destination would cause) or fail does not
 * hold up another Pilot: with more slow runs in flight than there are run workers, every run of a
 * healthy Pilot still completes while all the slow runs are still waiting.
 * (The delay step stands in for a destination that does not answer; a version with the HTTP step and a
 * slow local https server is still to be written.)
 */
@CharterTest
class SlowPilotIsolationTest {

    static final int SLOW_RUNS = 40; // more than the 16 runs a node executes at once
    static final int HEALTHY_RUNS = 20;

    @LocalServerPort int port;

    @Test
    void slowAndFailingPilotsDoNotHoldUpAHealthyOne() {
        Tenant t = Tenant.signUp(port);
        var slow = create(t.api(), Map.of("title", "Slow destination", "trigger", Map.of("kind", "WEBHOOK"),
                "steps", List.of(
                        Map.of("kind", "transform", "name", "shape", "config", Map.of("expression", "{\"n\": trigger.n}")),
                        Map.of("kind", "delay", "name", "wait", "config", Map.of("seconds", 3600)),
                        Map.of("kind", "transform", "name", "after", "config", Map.of("expression", "steps.shape.n")))));
        var failing = create(t.api(), Map.of("title", "Failing", "trigger", Map.of("kind", "WEBHOOK"),
                "steps", List.of(Map.of("kind", "transform", "name", "boom",
                        "config", Map.of("expression", "$number(trigger.text)")))));
        var healthy = create(t.api(), threeSteps("Healthy"));

        List<String> slowRuns = deliver(slow.get("deliveryPath").asString(), SLOW_RUNS, Map.of("n", 1));
        List<String> failingRuns = deliver(failing.get("deliveryPath").asString(), SLOW_RUNS, Map.of("text", "not a number"));
        List<String> healthyRuns = deliver(healthy.get("deliveryPath").asString(), HEALTHY_RUNS,
                Map.of("customer", "Ada", "items", List.of(Map.of("price", 20))));

        for (String run : healthyRuns) {
            assertThat(awaitRun(t.api(), run).get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        }
        for (String run : failingRuns) {
            assertThat(awaitRun(t.api(), run).get("run").get("status").asString()).isEqualTo("FAILED");
        }
        // every slow run is still waiting, so none of them held a worker the healthy runs needed
        for (String run : slowRuns) {
            var view = t.api().get("/api/v1/pilots/runs/" + run).json();
            assertThat(view.get("run").get("status").asString()).as("slow run %s", run).isIn("QUEUED", "RUNNING");
        }
    }

    private List<String> deliver(String path, int count, Map<String, Object> body) {
        List<String> runs = new ArrayList<>();
        Http sender = new Http(port);
        for (int i = 0; i < count; i++) {
            var r = sender.postJson(path, body);
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            runs.add(r.json().get("run").asString());
        }
        return runs;
    }
}

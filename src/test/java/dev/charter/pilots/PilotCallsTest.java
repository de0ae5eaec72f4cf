package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Calling another Pilot (Pilots II, item 6): a step runs another Pilot of the same organization with an input and
 * takes its result; cycles, chains deeper than five and Pilots of another organization are refused with the chain.
 */
@CharterTest
class PilotCallsTest {

    @LocalServerPort int port;

    private static String pilot(Tenant t, String title, List<Map<String, Object>> steps) {
        return create(t.api(), Map.of("title", title, "steps", steps)).get("id").asString();
    }

    private static Map<String, Object> call(String name, String target, String input) {
        return input == null ? Map.of("kind", "pilot", "name", name, "config", Map.of("pilot", target))
                : Map.of("kind", "pilot", "name", name, "config", Map.of("pilot", target, "input", input));
    }

    private JsonNode deliver(Tenant t, String pilotId, Map<String, Object> payload) {
        String path = t.api().get("/api/v1/pilots/" + pilotId).json().get("deliveryPath").asString();
        return awaitRun(t.api(), new Http(port).postJson(path, payload).json().get("run").asString());
    }

    @Test
    void aStepCallsAnotherPilotAndTakesItsResult() {
        Tenant t = Tenant.signUp(port);
        String doubler = pilot(t, "Doubler", List.of(Map.of("kind", "transform", "name", "twice",
                "config", Map.of("expression", "trigger.n * 2"))));
        String caller = pilot(t, "Caller", List.of(call("double", doubler, "{\"n\": trigger.x}"),
                Map.of("kind", "transform", "name", "use", "config", Map.of("expression", "steps.double.output + 1"))));
        JsonNode run = deliver(t, caller, Map.of("x", 20));
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode out = run.get("steps").get(0).get("output");
        assertThat(out.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(out.get("steps").get("twice").asInt()).isEqualTo(40);
        assertThat(run.get("steps").get(1).get("output").asInt()).isEqualTo(41);
        // the called run is in the called Pilot's history, started by the call, once
        JsonNode called = t.api().get("/api/v1/pilots/" + doubler + "/runs").json();
        assertThat(called.size()).isEqualTo(1);
        assertThat(called.get(0).get("trigger").asString()).isEqualTo("PILOT");
        assertThat(called.get(0).get("id").asString()).isEqualTo(out.get("run").asString());
    }

    @Test
    void cyclesDeepChainsAndOtherOrganizationsPilotsAreRefused() {
        Tenant t = Tenant.signUp(port);
        // itself
        String self = pilot(t, "Self", List.of(Map.of("kind", "transform", "name", "x", "config", Map.of("expression", "1"))));
        t.api().json("PUT", "/api/v1/pilots/" + self, Map.of("title", "Self", "steps", List.of(call("again", self, null))));
        JsonNode selfRun = deliver(t, self, Map.of());
        assertThat(selfRun.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(selfRun.get("steps").get(0).get("error").asString()).contains("cycle: Self → Self");

        // A → B → A: B's call fails, and with it A's
        String a = pilot(t, "A", List.of(Map.of("kind", "transform", "name", "x", "config", Map.of("expression", "1"))));
        String b = pilot(t, "B", List.of(call("back", a, null)));
        t.api().json("PUT", "/api/v1/pilots/" + a, Map.of("title", "A", "steps", List.of(call("forth", b, null))));
        JsonNode cycle = deliver(t, a, Map.of());
        assertThat(cycle.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(cycle.get("steps").get(0).get("error").asString()).contains("failed", "cycle: A → B → A");

        // P1 → … → P6: the sixth is one too deep
        List<String> chain = new ArrayList<>();
        String next = pilot(t, "P6", List.of(Map.of("kind", "transform", "name", "end", "config", Map.of("expression", "6"))));
        chain.add(next);
        for (int k = 5; k >= 1; k--) {
            next = pilot(t, "P" + k, List.of(call("down", next, null)));
            chain.add(0, next);
        }
        JsonNode deep = deliver(t, chain.get(0), Map.of());
        assertThat(deep.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(deep.get("run").get("error").asString()).contains("at most 5 Pilots deep");

        // another organization's Pilot, and one that does not exist, are the same: no such Pilot here
        Tenant other = Tenant.signUp(port);
        String theirs = pilot(other, "Theirs", List.of(Map.of("kind", "transform", "name", "x", "config", Map.of("expression", "1"))));
        for (String target : List.of(theirs, UUID.randomUUID().toString())) {
            String caller = pilot(t, "Reaches " + target.substring(0, 8), List.of(call("out", target, null)));
            JsonNode refused = deliver(t, caller, Map.of());
            assertThat(refused.get("run").get("status").asString()).isEqualTo("FAILED");
            assertThat(refused.get("steps").get(0).get("error").asString()).contains("this organization has no Pilot");
        }
        assertThat(other.api().get("/api/v1/pilots/" + theirs + "/runs").json().size()).isZero();
    }
}

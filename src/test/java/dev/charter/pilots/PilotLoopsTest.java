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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Loops (Pilots II, item 3): a for-each step runs its sub-steps for every item of a list, with each item's outcome
 * kept and the outputs gathered for the steps after it; lists and parallelism are bounded, and a loop runs only the
 * kinds of step it may.
 */
@CharterTest
class PilotLoopsTest {

    @LocalServerPort int port;

    static Map<String, Object> invoice(int parallelism) {
        return Map.of("title", "Invoice lines", "steps", List.of(
                Map.of("kind", "foreach", "name", "lines", "config", Map.of("items", "trigger.orders", "parallelism", parallelism,
                        "steps", List.of(
                                Map.of("kind", "transform", "name", "amount", "config", Map.of("expression", "item.price * item.qty")),
                                Map.of("kind", "condition", "name", "billable", "config", Map.of("expression", "loop.amount > 0")),
                                Map.of("kind", "transform", "name", "line", "config",
                                        Map.of("expression", "{\"n\": index + 1, \"sku\": item.sku, \"amount\": loop.amount}"))))),
                Map.of("kind", "transform", "name", "total", "config",
                        Map.of("expression", "$sum(steps.lines.outputs[amount > 0].amount)"))));
    }

    static List<Map<String, Object>> orders(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(Map.of("sku", "S" + k, "price", k % 5, "qty", 2));
        }
        return out;
    }

    @Test
    void everyItemRunsTheStepsAndTheOutputsAreGatheredInOrder() {
        Tenant t = Tenant.signUp(port);
        for (int parallelism : new int[] {1, 4}) {
            var pilot = create(t.api(), invoice(parallelism));
            JsonNode run = awaitRun(t.api(), new Http(port).postJson(pilot.get("deliveryPath").asString(),
                    Map.of("orders", orders(10))).json().get("run").asString());
            assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            JsonNode lines = run.get("steps").get(0).get("output");
            assertThat(lines.get("count").asInt()).isEqualTo(10);
            assertThat(lines.get("succeeded").asInt()).isEqualTo(10);
            assertThat(lines.get("items").get(3).get("status").asString()).isEqualTo("SUCCEEDED");
            // the items with price 0 stop at the condition: their output is the condition's
            assertThat(lines.get("outputs").get(0).get("passed").asBoolean()).isFalse();
            assertThat(lines.get("outputs").get(3).get("sku").asString()).as("in the list's order").isEqualTo("S3");
            assertThat(lines.get("outputs").get(3).get("n").asInt()).isEqualTo(4);
            // prices 0..4 twice, each times 2: 2 × (1+2+3+4) × 2
            assertThat(run.get("steps").get(1).get("output").asInt()).isEqualTo(40);
        }
    }

    @Test
    void anItemThatFailsIsKeptWithItsErrorAndTheOthersGoOn() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), Map.of("title", "Parse", "steps", List.of(Map.of("kind", "foreach", "name", "each",
                "config", Map.of("items", "trigger.values", "steps", List.of(Map.of("kind", "transform", "name", "n",
                        "config", Map.of("expression", "$number(item)"))))))));
        JsonNode run = awaitRun(t.api(), new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("values", List.of("1", "two", "3"))).json().get("run").asString());
        assertThat(run.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode out = run.get("steps").get(0).get("output");
        assertThat(out.get("failed").asInt()).isEqualTo(1);
        assertThat(out.get("items").get(1).get("status").asString()).isEqualTo("FAILED");
        assertThat(out.get("items").get(1).get("step").asString()).isEqualTo("n");
        assertThat(out.get("items").get(1).get("error").asString()).isNotBlank();
        assertThat(out.get("outputs").get(2).asInt()).isEqualTo(3);
    }

    @Test
    void listsAndParallelismAreBoundedAndALoopRunsOnlyItsKinds() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), invoice(2));
        JsonNode tooMany = awaitRun(t.api(), new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("orders", orders(1001))).json().get("run").asString());
        assertThat(tooMany.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(tooMany.get("steps").get(0).get("error").asString()).contains("1001 items", "at most 1000");

        var bad = t.api().postJson("/api/v1/pilots", Map.of("title", "Bad", "steps", List.of(Map.of("kind", "foreach",
                "name", "each", "config", Map.of("items", "trigger.x", "parallelism", 9, "steps", List.of(
                        Map.of("kind", "delay", "name", "wait", "config", Map.of("seconds", 5)),
                        Map.of("kind", "foreach", "name", "inner", "config", Map.of()),
                        Map.of("kind", "transform", "name", "wait", "config", Map.of("expression", "1 +"))))))));
        assertThat(bad.status()).isEqualTo(400);
        JsonNode errors = bad.json().get("errors");
        assertThat(errors.get("steps[0].config.parallelism").asString()).contains("1 to 8");
        assertThat(errors.get("steps[0].config.steps[0].kind").asString()).contains("not 'delay'");
        assertThat(errors.get("steps[0].config.steps[1].kind").asString()).contains("not 'foreach'");
        assertThat(errors.get("steps[0].config.steps[2].name").asString()).contains("already called wait");
        assertThat(errors.has("steps[0].config.steps[2].config.expression")).isTrue();
    }

    @Test
    void exportAndImportKeepTheLoop() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), invoice(3));
        var imported = t.api().postJson("/api/v1/pilots/import",
                t.api().get("/api/v1/pilots/" + pilot.get("id").asString() + "/export").json());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("definition").get("steps")).isEqualTo(pilot.get("definition").get("steps"));
    }
}

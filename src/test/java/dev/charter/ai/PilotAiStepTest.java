package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PIL-7 at the level of a Pilot: an AI step sends its instruction and the data its input expression
 * selects, and nothing else of the run — not the rest of the trigger, not earlier steps' outputs.
 */
@CharterTest
class PilotAiStepTest {

    static final FakeAnthropic anthropic = new FakeAnthropic();
    static final String SERVER_KEY = "server-key-" + UUID.randomUUID();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.anthropic.base-url", anthropic::base);
        registry.add("charter.ai.anthropic.api-key", () -> SERVER_KEY);
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        anthropic.close();
    }

    @LocalServerPort int port;

    @Test
    @Tag("claim:PIL-7")
    void onlyTheInstructionAndTheSelectedDataReachTheModel() {
        anthropic.acceptedKeys = Set.of(SERVER_KEY);
        anthropic.text = "billing";
        Tenant t = Tenant.signUp(port);
        String message = "msg-" + UUID.randomUUID();
        String otherField = "canary-trigger-" + UUID.randomUUID();
        String earlierOutput = "canary-step-" + UUID.randomUUID();
        var pilot = PilotFixtures.create(t.api(), Map.of("title", "Triage", "steps", List.of(
                Map.of("kind", "transform", "name", "secretish", "config", Map.of("expression", "\"" + earlierOutput + "\"")),
                Map.of("kind", "ai", "name", "triage", "config", Map.of(
                        "instruction", "Classify as billing, bug or sales", "input", "trigger.message")))));
        var delivered = new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("message", message, "internal", otherField));
        var run = PilotFixtures.awaitRun(t.api(), delivered.json().get("run").asString());
        assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("steps").get(1).get("output").get("provider").asString()).isEqualTo("SERVER_KEY");

        assertThat(anthropic.received).hasSize(1);
        String raw = anthropic.received.get(0).raw();
        assertThat(raw).contains("Classify as billing, bug or sales").contains(message);
        assertThat(raw).doesNotContain(otherField).doesNotContain(earlierOutput).doesNotContain(t.email())
                .doesNotContain(t.org().toString()).doesNotContain(pilot.get("id").asString());
    }
}

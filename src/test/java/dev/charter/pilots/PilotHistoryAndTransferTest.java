package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CharterTest
class PilotHistoryAndTransferTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:PIL-4")
    void runHistoryKeepsTheNewest100RunsPerPilot() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), Map.of("title", "Busy", "trigger", Map.of("kind", "MANUAL"), "steps", List.of()));
        var other = create(t.api(), Map.of("title", "Quiet", "trigger", Map.of("kind", "MANUAL"), "steps", List.of()));
        UUID id = UUID.fromString(pilot.get("id").asString());
        UUID otherId = UUID.fromString(other.get("id").asString());
        // 99 old runs planted directly, oldest first, plus one of the other Pilot
        Instant base = Instant.now().minusSeconds(10_000);
        for (int i = 0; i < 99; i++) {
            insertRun(t, id, base.plusSeconds(i), "{\"n\":" + i + "}");
        }
        insertRun(t, otherId, base, "{}");
        assertThat(count(id)).isEqualTo(99);

        String first = t.api().postJson("/api/v1/pilots/" + id + "/runs", Map.of("n", 99)).json().get("run").asString();
        awaitRun(t.api(), first);
        assertThat(count(id)).as("the 100th run is kept").isEqualTo(100);
        String second = t.api().postJson("/api/v1/pilots/" + id + "/runs", Map.of("n", 100)).json().get("run").asString();
        awaitRun(t.api(), second);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(count(id)).as("the 101st removes the oldest within a second of finishing").isEqualTo(100));
        assertThat(jdbc.sql("select count(*) from pilots_run where pilot_id = ? and payload = '{\"n\": 0}'::jsonb").param(id)
                .query(Long.class).single()).as("the oldest run is gone").isZero();
        assertThat(jdbc.sql("select count(*) from pilots_run where id in (?, ?)").params(UUID.fromString(first),
                UUID.fromString(second)).query(Long.class).single()).isEqualTo(2);
        assertThat(count(otherId)).as("another Pilot's history is untouched").isEqualTo(1);
        assertThat(t.api().get("/api/v1/pilots/" + id + "/runs").json().size()).isEqualTo(100);
    }

    @Test
    @Tag("claim:PIL-4")
    void trimmingNeverDropsAnAcceptedRunThatHasNotRunYet() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), Map.of("title", "Backlog", "trigger", Map.of("kind", "MANUAL"), "steps", List.of()));
        UUID id = UUID.fromString(pilot.get("id").asString());
        Instant base = Instant.now().minusSeconds(10_000);
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            UUID run = UUID.randomUUID();
            queued.add(run);
            jdbc.sql("""
                    insert into pilots_run (id, org_id, pilot_id, status, trigger, payload, created_at)
                    values (?, ?, ?, 'QUEUED', 'MANUAL', '{}'::jsonb, ?)""")
                    .params(run, t.org().value(), id, Timestamp.from(base.plusSeconds(i))).update();
        }
        // five finished runs older than all of them: beyond the newest 100, so a trim pass removes them
        for (int i = 0; i < 5; i++) {
            jdbc.sql("""
                    insert into pilots_run (id, org_id, pilot_id, status, trigger, payload, created_at, finished_at)
                    values (?, ?, ?, 'SUCCEEDED', 'MANUAL', '{}'::jsonb, ?, ?)""")
                    .params(UUID.randomUUID(), t.org().value(), id, Timestamp.from(base.minusSeconds(100 - i)),
                            Timestamp.from(base)).update();
        }
        String last = t.api().postJson("/api/v1/pilots/" + id + "/runs", Map.of()).json().get("run").asString();
        awaitRun(t.api(), last);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from pilots_run where status = 'SUCCEEDED' and pilot_id = ? and id <> ?")
                .params(id, UUID.fromString(last)).query(Long.class).single()).as("the trim pass ran").isZero());
        assertThat(jdbc.sql("select count(*) from pilots_run where status = 'QUEUED' and pilot_id = ?").param(id)
                .query(Long.class).single()).as("accepted runs waiting for a worker are kept").isEqualTo(120);
    }

    @Test
    @Tag("claim:PIL-9")
    void runHistoryAndStepOutputsAreShownToTheOwningOrganizationOnly() {
        Tenant owner = Tenant.signUp(port);
        Tenant stranger = Tenant.signUp(port);
        String canary = "canary-" + UUID.randomUUID();
        var pilot = create(owner.api(), threeSteps("Private"));
        String pilotId = pilot.get("id").asString();
        var delivered = new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("customer", canary, "items", List.of(Map.of("price", 50))));
        String runId = delivered.json().get("run").asString();
        var run = awaitRun(owner.api(), runId);
        assertThat(run.toString()).contains(canary);

        for (String path : List.of("/api/v1/pilots/" + pilotId + "/runs", "/api/v1/pilots/runs/" + runId,
                "/api/v1/pilots/" + pilotId, "/api/v1/pilots/" + pilotId + "/export")) {
            var r = stranger.api().get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain(canary);
        }
        assertThat(stranger.api().get("/api/v1/pilots").body()).doesNotContain(pilotId).doesNotContain(canary);
        assertThat(stranger.api().postJson("/api/v1/pilots/runs/" + runId + "/rerun", Map.of()).status()).isEqualTo(404);
        assertThat(new Http(port).get("/api/v1/pilots/runs/" + runId).status()).as("anonymous").isEqualTo(401);
    }

    @Test
    @Tag("claim:PIL-8")
    void anyPilotExportsAndImportsWithoutLoss() {
        Tenant t = Tenant.signUp(port);
        Random random = new Random(20261123L);
        for (int i = 0; i < 25; i++) {
            Map<String, Object> definition = randomDefinition(random, i);
            var created = create(t.api(), definition);
            JsonNode exported = t.api().get("/api/v1/pilots/" + created.get("id").asString() + "/export").json();
            assertThat(exported.get("schema").asString()).isEqualTo("charter.pilot/v1");
            assertThat(exported.toString()).doesNotContain("/hooks/");
            var imported = t.api().postJson("/api/v1/pilots/import", exported);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().get("definition")).as("round trip of case %d", i).isEqualTo(created.get("definition"));
            JsonNode again = t.api().get("/api/v1/pilots/" + imported.json().get("id").asString() + "/export").json();
            assertThat(again).isEqualTo(exported);
            assertThat(imported.json().get("deliveryPath").asString()).isNotEqualTo(created.get("deliveryPath").asString());
        }
    }

    @Test
    @Tag("claim:PIL-8")
    void importReportsEveryProblemAtOnceAndCreatesNothing() {
        Tenant t = Tenant.signUp(port);
        var wrongSchema = t.api().postJson("/api/v1/pilots/import", Map.of("schema", "zapier/1", "title", "x"));
        assertThat(wrongSchema.status()).isEqualTo(400);
        assertThat(wrongSchema.json().get("errors").has("schema")).isTrue();
        var bad = t.api().postJson("/api/v1/pilots/import", Map.of("schema", "charter.pilot/v1", "title", "",
                "steps", List.of(Map.of("kind", "nope", "name", "1x"), Map.of("kind", "condition", "name", "c",
                        "config", Map.of("expression", "(((")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").propertyNames()).contains("title", "steps[0].kind", "steps[0].name",
                "steps[1].config.expression");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    private static Map<String, Object> randomDefinition(Random random, int i) {
        List<Map<String, Object>> steps = new ArrayList<>();
        int n = random.nextInt(6);
        for (int s = 0; s < n; s++) {
            switch (random.nextInt(3)) {
                case 0 -> steps.add(Map.of("kind", "transform", "name", "t" + s,
                        "config", Map.of("expression", "{\"v\": " + random.nextInt(1000) + ", \"s\": \"é ✓ " + s + "\"}")));
                case 1 -> steps.add(Map.of("kind", "condition", "name", "c" + s,
                        "config", Map.of("expression", "trigger.n > " + random.nextInt(10))));
                default -> steps.add(Map.of("kind", "delay", "name", "d" + s, "config", Map.of("seconds", 1 + random.nextInt(3600))));
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", "Pilot " + i + " " + Long.toHexString(random.nextLong()));
        d.put("description", random.nextBoolean() ? "" : "Line one\nline \"two\" " + i);
        d.put("enabled", random.nextBoolean());
        d.put("trigger", switch (random.nextInt(3)) {
            case 0 -> Map.of("kind", "WEBHOOK", "verification",
                    dev.charter.pilots.internal.PilotDefinition.Trigger.VERIFICATIONS.get(random.nextInt(6)));
            case 1 -> Map.of("kind", "MANUAL");
            default -> Map.of("kind", "SCHEDULE", "cron", "0 " + random.nextInt(60) + " 9 * * MON-FRI",
                    "timeZone", random.nextBoolean() ? "Europe/Amsterdam" : "UTC");
        });
        d.put("steps", steps);
        if (random.nextBoolean()) {
            d.put("samplePayload", Map.of("n", random.nextInt(20), "items", List.of(Map.of("price", 3))));
        }
        return d;
    }

    private void insertRun(Tenant t, UUID pilot, Instant at, String payload) {
        jdbc.sql("""
                insert into pilots_run (id, org_id, pilot_id, status, trigger, payload, created_at)
                values (?, ?, ?, 'SUCCEEDED', 'MANUAL', cast(? as jsonb), ?)""")
                .params(UUID.randomUUID(), t.org().value(), pilot, payload, Timestamp.from(at)).update();
    }

    private long count(UUID pilot) {
        return jdbc.sql("select count(*) from pilots_run where pilot_id = ?").param(pilot).query(Long.class).single();
    }
}

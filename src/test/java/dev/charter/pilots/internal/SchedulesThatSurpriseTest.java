package dev.charter.pilots.internal;

import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A schedule that runs more often than the minimum, or never, is refused wherever a Pilot is saved (API, import,
 * editor) with a problem on {@code trigger.cron}; one stored before the minimum still runs no more often than it.
 */
@CharterTest
class SchedulesThatSurpriseTest {

    private static final List<String> BAD = List.of("* * * * * *", "*/10 * * * * *", "0 0 0 30 2 *", "0 0 0 31 4 *",
            "every day", "0 0 9 * *", "0 0 25 * * *");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Schedules schedules;

    @Test
    void theApiAndImportRefuseSchedulesThatRunTooOftenOrNeverAndSayWhy() {
        Tenant t = Tenant.signUp(port);
        for (String cron : BAD) {
            var created = t.api().postJson("/api/v1/pilots", schedule("Bad " + cron, cron));
            assertThat(created.status()).as(cron).isEqualTo(400);
            assertThat(created.json().get("errors").propertyNames()).as(cron).containsExactly("trigger.cron");
            var imported = t.api().postJson("/api/v1/pilots/import", withSchema(schedule("Imported " + cron, cron)));
            assertThat(imported.status()).as(cron).isEqualTo(400);
            assertThat(imported.json().get("errors").has("trigger.cron")).as(cron).isTrue();
        }
        assertThat(t.api().postJson("/api/v1/pilots", schedule("Seconds", "* * * * * *")).json().get("errors")
                .get("trigger.cron").asString()).contains("only 1 second apart").contains("at least 1 minute");
        assertThat(t.api().postJson("/api/v1/pilots", schedule("Feb", "0 0 0 30 2 *")).json().get("errors")
                .get("trigger.cron").asString()).contains("never runs");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();

        // a good schedule saves, and changing it to a bad one is refused and changes nothing
        var good = create(t.api(), schedule("Weekdays", "0 0 9 * * MON-FRI"));
        assertThat(good.get("nextRunAt").isNull()).isFalse();
        String id = good.get("id").asString();
        var changed = t.api().json("PUT", "/api/v1/pilots/" + id, schedule("Weekdays", "*/10 * * * * *"));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().get("errors").has("trigger.cron")).isTrue();
        assertThat(t.api().get("/api/v1/pilots/" + id).json().get("definition").get("trigger").get("cron").asString())
                .isEqualTo("0 0 9 * * MON-FRI");
        assertThat(create(t.api(), schedule("Every minute", "0 * * * * *")).get("nextRunAt").isNull()).isFalse();
    }

    @Test
    void theEditorShowsTheProblemNextToTheCronFieldAndKeepsWhatWasTyped() {
        Tenant t = Tenant.signUp(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", "Too often");
        form.put("triggerKind", "SCHEDULE");
        form.put("cron", "*/10 * * * * *");
        form.put("timeZone", "Europe/Amsterdam");
        form.put("action", "save");
        var r = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"cron-error\"", "only 10 seconds apart", "value=\"*/10 * * * * *\"");
        form.put("cron", "0 0 0 30 2 *");
        var never = t.browser().form("/pilots/new", "/pilots/new", form);
        assertThat(never.status()).isEqualTo(400);
        assertThat(never.body()).contains("id=\"cron-error\"", "never runs");
        assertThat(t.api().get("/api/v1/pilots").json().size()).isZero();
    }

    @Test
    void aScheduleStoredBeforeTheMinimumRunsAtMostOncePerMinimum() {
        Tenant t = Tenant.signUp(port);
        UUID id = UUID.fromString(create(t.api(), schedule("Old", "0 * * * * *")).get("id").asString());
        Instant due = Instant.now().minusSeconds(1);
        jdbc.sql("update pilots_pilot set cron = '* * * * * *', next_run_at = ? where id = ?").params(Timestamp.from(due), id)
                .update();
        schedules.startDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(id) == 1);
        Instant next = jdbc.sql("select next_run_at from pilots_pilot where id = ?").param(id).query(Timestamp.class).single()
                .toInstant();
        assertThat(next).isAfterOrEqualTo(due.plus(Duration.ofMinutes(1)));
        schedules.startDue();
        assertThat(runs(id)).isEqualTo(1);
    }

    private long runs(UUID pilot) {
        return jdbc.sql("select count(*) from pilots_run where pilot_id = ?").param(pilot).query(Long.class).single();
    }

    private static Map<String, Object> schedule(String title, String cron) {
        return Map.of("title", title, "trigger", Map.of("kind", "SCHEDULE", "cron", cron, "timeZone", "UTC"),
                "steps", List.of(Map.of("kind", "transform", "name", "now", "config", Map.of("expression", "1"))));
    }

    private static Map<String, Object> withSchema(Map<String, Object> definition) {
        var copy = new LinkedHashMap<String, Object>(definition);
        copy.put("schema", "charter.pilot/v1");
        return copy;
    }
}

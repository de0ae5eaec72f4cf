package dev.charter.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.crews.CrewsFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.MovableClock;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CRW-5: a conversation is kept for its organization's retention days after its last message, and the kernel's
 * sweeper removes it after that with its messages; another organization's choice (or the default) is its own. The
 * clock is moved instead of waiting (same context as RetentionSweeperTest).
 */
@CharterTest
@Import(MovableClock.Config.class)
class CrewsRetentionTest {

    @LocalServerPort int port;
    @Autowired RetentionSweeper sweeper;
    @Autowired MovableClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("claim:CRW-5")
    void conversationsGoAfterTheirOrganizationsRetentionDaysWithEverythingAboutThem() {
        Tenant shortKeep = Tenant.signUp(port);
        Tenant byDefault = Tenant.signUp(port);
        assertThat(shortKeep.api().json("PUT", "/api/v1/crews/settings", Map.of("retentionDays", 30)).status()).isEqualTo(200);
        String crewA = CrewsFixtures.crew(shortKeep, "A");
        String crewB = CrewsFixtures.crew(byDefault, "B");
        var old = CrewsFixtures.post(shortKeep, crewA, "old-" + UUID.randomUUID() + "@example.test", "An old question");
        var kept = CrewsFixtures.post(byDefault, crewB, "kept-" + UUID.randomUUID() + "@example.test", "A question kept longer");

        assertThat(count("crews_result", old)).isPositive();
        assertThat(count("crews_review", old)).isPositive();
        clock.advance(Duration.ofDays(29));
        assertThat(sweeper.sweep().deleted()).doesNotContainKey("crews.conversations");
        assertThat(exists(old)).isTrue();

        clock.advance(Duration.ofDays(2));
        var sweep = sweeper.sweep();
        assertThat(sweep.unenforced()).doesNotContain("crews.conversations");
        assertThat(sweep.deleted()).containsKey("crews.conversations");
        assertThat(exists(old)).isFalse();
        assertThat(messages(old)).isZero();
        assertThat(count("crews_result", old)).as("profiling results go with their conversation").isZero();
        assertThat(count("crews_review", old)).as("review items go with their conversation").isZero();
        assertThat(count("crews_result", kept)).isPositive();
        assertThat(exists(kept)).as("the other organization keeps 365 days").isTrue();
        assertThat(shortKeep.api().get("/api/v1/crews/conversations/" + old.get("conversationId").asString()).status())
                .isEqualTo(404);

        clock.advance(Duration.ofDays(365));
        sweeper.sweep();
        assertThat(exists(kept)).isFalse();
        assertThat(messages(kept)).isZero();
    }

    private boolean exists(tools.jackson.databind.JsonNode posted) {
        return jdbc.sql("select count(*) from crews_conversation where id = ?")
                .param(UUID.fromString(posted.get("conversationId").asString())).query(Long.class).single() > 0;
    }

    private long count(String table, tools.jackson.databind.JsonNode posted) {
        return jdbc.sql("select count(*) from " + table + " where conversation_id = ?")
                .param(UUID.fromString(posted.get("conversationId").asString())).query(Long.class).single();
    }

    private long messages(tools.jackson.databind.JsonNode posted) {
        return jdbc.sql("select count(*) from crews_message where conversation_id = ?")
                .param(UUID.fromString(posted.get("conversationId").asString())).query(Long.class).single();
    }
}

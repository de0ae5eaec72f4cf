package dev.charter.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.MovableClock;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RET-2 for Pilots' delivery keys: a key holds for its 24-hour window and no longer, and the sweeper removes it
 * once the window has passed. The clock is moved instead of waiting (same context as RetentionSweeperTest).
 */
@CharterTest
@Import(MovableClock.Config.class)
class DeliveryKeyRetentionTest {

    @LocalServerPort int port;
    @Autowired RetentionSweeper sweeper;
    @Autowired MovableClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("claim:RET-2")
    void aDeliveryKeyHoldsForItsWindowAndIsSweptAfter() {
        Tenant t = Tenant.signUp(port);
        var pilot = PilotFixtures.create(t.api(), PilotFixtures.threeSteps("Swept keys"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        String key = UUID.randomUUID().toString();
        String first = deliver(path, key).json().get("run").asString();

        sweeper.sweep();
        clock.advance(Duration.ofHours(23));
        sweeper.sweep();
        assertThat(keys(pilotId)).isEqualTo(1);
        var within = deliver(path, key);
        assertThat(within.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(within.json().get("run").asString()).isEqualTo(first);

        clock.advance(Duration.ofHours(2));
        var sweep = sweeper.sweep();
        assertThat(sweep.deleted()).containsKey("pilots.delivery-keys");
        assertThat(keys(pilotId)).isZero();
        var after = deliver(path, key);
        assertThat(after.status()).isEqualTo(202);
        assertThat(after.header("Idempotent-Replayed")).isNull();
        assertThat(after.json().get("run").asString()).isNotEqualTo(first);
        assertThat(keys(pilotId)).isEqualTo(1);
    }

    private long keys(UUID pilot) {
        return jdbc.sql("select count(*) from pilots_delivery_key where pilot_id = ?").param(pilot).query(Long.class).single();
    }

    private Http.Response deliver(String path, String key) {
        Http h = new Http(port);
        return h.send(HttpRequest.newBuilder(URI.create(h.base() + path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")));
    }
}

package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.FakeOpenAi;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A message answered by the organization's own model: the model profiles it and answers it, and while the model
 * thinks no database transaction of Charter's stays open. A transaction held across a model call keeps a
 * connection (and the rows it locked) for the model's whole answer time: with a few concurrent messages the
 * connection pool runs dry and every other request waits.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class CrewsModelCallsTest {

    static final FakeOpenAi model = new FakeOpenAi("/v1");

    @LocalServerPort int port;
    @Autowired DataSource dataSource;

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void noTransactionStaysOpenWhileTheModelThinks() {
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crewWithOwnModel(t, "Shop help", java.util.List.of(), model.base());

        JdbcTemplate app = new JdbcTemplate(dataSource);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger heldOpen = new AtomicInteger();
        model.delayMillis = 300;
        model.responder = request -> {
            calls.incrementAndGet();
            // Charter's sessions (this role's) with a transaction that began before this model call and is still open
            Integer open = app.queryForObject("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid()
                      and state like 'idle in transaction%' and clock_timestamp() - xact_start > interval '250 milliseconds'""",
                    Integer.class);
            heldOpen.accumulateAndGet(open == null ? 0 : open, Math::max);
            return CrewsFixtures.modelWrites(request, "Yes, we ship to Norway.");
        };
        try {
            JsonNode answer = CrewsFixtures.post(t, crew, "visitor-" + UUID.randomUUID() + "@example.test",
                    "Do you ship to Norway?");
            assertThat(calls.get()).as("the model profiled and answered the message").isGreaterThanOrEqualTo(2);
            assertThat(answer.toString()).contains("Yes, we ship to Norway.");
            assertThat(heldOpen.get()).as("transactions open while the model answered").isZero();
        } finally {
            model.reset();
        }
    }
}

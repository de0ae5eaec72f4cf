package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.FakeOpenAi;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final Pattern PASSAGE_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @LocalServerPort int port;
    @Autowired DataSource dataSource;

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void noTransactionStaysOpenWhileTheModelThinks() {
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(t, "Shop help");
        Http.Response doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping", "format",
                "markdown", "content", CrewsKnowledgeTest.SHIPPING));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        Http.Response connected = t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label",
                "Our model", "baseUrl", model.base(), "secret", "sk-" + UUID.randomUUID()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);

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
            String prompt = request.path("messages").toString().replace("\\\"", "\"");
            Matcher passage = PASSAGE_ID.matcher(prompt);
            if (prompt.contains("passages") && passage.find()) {
                return "{\"answer\":\"Yes, we ship to Norway.\",\"citations\":[\"" + passage.group(1) + "\"],\"handOver\":false}";
            }
            return "{\"sentiment\":{\"value\":\"neutral\",\"confidence\":0.9,\"runnerUp\":\"positive\",\"runnerUpConfidence\":0.05}}";
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

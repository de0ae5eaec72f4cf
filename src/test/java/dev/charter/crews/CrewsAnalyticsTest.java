package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Analytics are anonymized and can be opted out of (CRW-7): a canary contact never appears in the analytics answer
 * or page, small cells are suppressed, and an organization that opted out records no usage counter. Leads out: a
 * lead reaches the organization's URL as JSON through egress, and the CSV defuses formulas.
 */
@CharterTest
class CrewsAnalyticsTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:CRW-7")
    void analyticsHoldNoContactIdentifiersAndSuppressSmallCells() {
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(t, "Analytics");
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String email = canary + "@example.test";
        var first = CrewsFixtures.post(t, crew, Map.of("text", "Where is my order " + canary + "?",
                "contact", Map.of("email", email, "name", "Name " + canary, "company", "Company " + canary)));
        for (int i = 0; i < 2; i++) {
            CrewsFixtures.post(t, crew, "small-" + i + "-" + UUID.randomUUID() + "@example.test", "Hello there");
        }
        JsonNode small = t.api().get("/api/v1/crews/analytics?days=7").json();
        assertThat(small.get("minCell").asInt()).isEqualTo(5);
        assertThat(!small.hasNonNull("conversations")).as("3 conversations is under the minimum").isTrue();
        assertThat(!small.hasNonNull("resolutionRate")).isTrue();
        assertThat(!small.hasNonNull("handOffRate")).isTrue();
        small.get("volumes").values().forEach(c -> assertThat(c.hasNonNull("count")).as(c.toString()).isFalse());
        small.get("funnel").values().forEach(c -> assertThat(!c.hasNonNull("count") || c.get("count").asLong() == 0)
                .as(c.toString()).isTrue());

        for (int i = 0; i < 4; i++) {
            CrewsFixtures.post(t, crew, "more-" + i + "-" + UUID.randomUUID() + "@example.test", "Do you ship to Norway?");
        }
        var json = t.api().get("/api/v1/crews/analytics?days=7");
        JsonNode big = json.json();
        assertThat(big.get("conversations").asLong()).isEqualTo(7);
        assertThat(big.get("volumes").get(0).get("count").asLong()).isEqualTo(7);
        assertThat(big.get("funnel").get(1).get("count").asLong()).as("gave an email").isEqualTo(7);
        assertThat(big.hasNonNull("handOffRate")).isTrue();
        var page = t.browser().get("/crews/analytics?days=7");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Crews analytics").contains("an-volume");
        String contactId = first.get("contactId").asString();
        String conversationId = first.get("conversationId").asString();
        for (String out : List.of(json.body(), page.body())) {
            assertThat(out).doesNotContain(canary).doesNotContain(contactId).doesNotContain(conversationId)
                    .doesNotContain("@example.test");
        }
        assertThat(t.api().get("/api/v1/crews/analytics?days=0").status()).isEqualTo(400);
    }

    @Test
    @Tag("claim:CRW-7")
    void anOrganizationThatOptedOutRecordsNoUsageCounter() {
        Tenant counted = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(counted, "Counted");
        CrewsFixtures.post(counted, crew, "c-" + UUID.randomUUID() + "@example.test", "Do you ship to Norway?");
        assertThat(counters(counted)).as("an organization that did not opt out is counted").isPositive();

        Tenant optedOut = Tenant.signUp(port);
        assertThat(optedOut.api().json("PUT", "/api/v1/crews/settings", Map.of("usageStatistics", false)).status()).isEqualTo(200);
        String other = CrewsFixtures.crew(optedOut, "Not counted");
        var posted = CrewsFixtures.post(optedOut, other, "o-" + UUID.randomUUID() + "@example.test", "Talk to a human please");
        optedOut.api().postJson("/api/v1/crews/conversations/" + posted.get("conversationId").asString() + "/replies",
                Map.of("text", "Hello"));
        assertThat(counters(optedOut)).as("nothing is recorded after the opt-out").isZero();
        Long stored = Owner.jdbc(database).sql("select count(*) from crews_usage_count where name not in ("
                        + "'api.message', 'widget.message', 'email.message', 'answer', 'hand-over', 'person-requested', 'lead-sent')")
                .query(Long.class).single();
        assertThat(stored).as("counters have fixed names, never customer text").isZero();
    }

    @Test
    void aLeadGoesAsJsonThroughEgressAndTheCsvDefusesFormulas() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        hook.start();
        try {
            Tenant t = Tenant.signUp(port);
            String crew = CrewsFixtures.crew(t, "Leads");
            var posted = CrewsFixtures.post(t, crew, Map.of("text", "We need 40 seats",
                    "contact", Map.of("email", "lead-" + UUID.randomUUID() + "@example.test", "company", "=HYPERLINK(\"x\")",
                            "name", "Ada \"the\" Lead")));
            String contact = posted.get("contactId").asString();
            assertThat(t.api().postJson("/api/v1/crews/contacts/" + contact + "/lead", Map.of()).status())
                    .as("no URL set yet").isEqualTo(409);
            assertThat(t.api().json("PUT", "/api/v1/crews/settings/lead-webhook", Map.of("url", "ftp://x")).status())
                    .isEqualTo(400);
            assertThat(t.api().json("PUT", "/api/v1/crews/settings/lead-webhook",
                    Map.of("url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/leads")).status())
                    .as("leads go over https only").isEqualTo(400);
            // the egress policy allows https on port 443 only: a lead to another port is refused there, and nothing leaves
            String url = "https://127.0.0.1:" + hook.getAddress().getPort() + "/leads";
            assertThat(t.api().json("PUT", "/api/v1/crews/settings/lead-webhook", Map.of("url", url)).status()).isEqualTo(200);
            var sent = t.api().postJson("/api/v1/crews/contacts/" + contact + "/lead", Map.of());
            assertThat(sent.status()).as(sent.body()).isEqualTo(409);
            assertThat(sent.json().get("detail").asString()).contains("The lead was not sent");
            assertThat(received).isEmpty();

            var csv = t.api().get("/api/v1/crews/leads.csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).startsWith("name,email,company,phone,conversations,created_at\r\n")
                    .contains("\"'=HYPERLINK(\"\"x\"\")\"").contains("\"Ada \"\"the\"\" Lead\"");
        } finally {
            hook.stop(0);
        }
    }

    private long counters(Tenant t) {
        return Owner.jdbc(database).sql("select coalesce(sum(count), 0) from crews_usage_count where org_id = ?")
                .param(t.org().value()).query(Long.class).single();
    }
}

package dev.charter.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.connectors.FakeOAuthProvider;
import dev.charter.connectors.FakeOAuthProvider.ApiAnswer;
import dev.charter.connectors.OAuthFlows;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sync on the job queue: passes that keep their place across a provider's rate limit (GitHub's primary limit,
 * Slack's 429 with Retry-After) and across a failure, a schedule, and the refusals of the sync routes. Each fake
 * counts the pages asked for, so a page read twice, or a count added twice, shows.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class ReviewsSyncTest {

    static FakeOAuthProvider github;
    static FakeOAuthProvider slack;
    static FakeOAuthProvider jira;

    @LocalServerPort int port;
    @org.springframework.beans.factory.annotation.Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeOAuthProvider(FakeOAuthProvider.Style.GITHUB, "gh-id", "gh-secret",
                () -> "gho_" + UUID.randomUUID().toString().replace("-", ""));
        slack = new FakeOAuthProvider(FakeOAuthProvider.Style.SLACK, "1.2", "sl-secret", () -> "xoxb-" + UUID.randomUUID());
        jira = new FakeOAuthProvider(FakeOAuthProvider.Style.ATLASSIAN, "atl-id", "atl-secret", () -> "atl-" + UUID.randomUUID());
        jira.apiAnswers.put("/oauth/token/accessible-resources", "[{\"id\":\"cloud-7\",\"name\":\"acme\"}]");
    }

    @AfterAll
    static void stop() {
        github.close();
        slack.close();
        jira.close();
    }

    @Test
    void aPassWaitsForGitHubsRateLimitAndGoesOnFromThePageItReached() throws Exception {
        Tenant t = Tenant.signUp(port);
        String repo = "acme/api-" + Integer.toHexString(t.org().value().hashCode() & 0xffff);
        Map<String, AtomicInteger> asked = new HashMap<>();
        AtomicInteger limited = new AtomicInteger();
        github.apiHandler = (path, query) -> {
            if (!path.equals("/repos/" + repo + "/pulls")) {
                return null;
            }
            int page = query.contains("page=3") ? 3 : query.contains("page=2") ? 2 : 1;
            asked.computeIfAbsent("page" + page, k -> new AtomicInteger()).incrementAndGet();
            if (page == 2 && limited.getAndIncrement() == 0) {
                long reset = Instant.now().plusSeconds(2).getEpochSecond();
                return new ApiAnswer(403, "{\"message\":\"API rate limit exceeded\"}", null,
                        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset)));
            }
            String next = page < 3 ? "<" + github.apiUrl() + "/repos/" + repo + "/pulls?state=all&page=" + (page + 1) + ">; rel=\"next\"" : null;
            return new ApiAnswer(200, "[" + WorkSignalsCanaryTest.pull(page, "Change " + page, "octo", "b", "br", "l") + "]", next);
        };
        UUID connection = OAuthFlows.connect(t, "GITHUB_OAUTH", github, "gh-id", "gh-secret");

        Http.Response created = t.api().postJson("/api/v1/reviews/connections/" + connection + "/syncs",
                Map.of("scope", repo, "every", "PT1H"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().get("id").asString();

        JsonNode waiting = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> sync(t, id), s -> s.get("state").asString().equals("WAITING"));
        assertThat(waiting.path("retryAt").isMissingNode()).isFalse();
        assertThat(waiting.get("lastError").asString()).contains("HTTP 403");
        assertThat(waiting.get("inProgress").asBoolean()).isTrue();
        assertThat(waiting.get("passPages").asInt()).isEqualTo(1);

        JsonNode done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> sync(t, id), s -> s.get("state").asString().equals("IDLE") && s.hasNonNull("lastFinishedAt"));
        assertThat(asked.get("page1").get()).as("the first page is not read again").isEqualTo(1);
        assertThat(asked.get("page2").get()).as("refused once, then read").isEqualTo(2);
        assertThat(asked.get("page3").get()).isEqualTo(1);
        assertThat(done.get("signals").asLong()).isEqualTo(3);
        assertThat(done.get("passPages").asInt()).isEqualTo(3);
        assertThat(done.get("inProgress").asBoolean()).isFalse();
        assertThat(Instant.parse(done.get("nextRunAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(55)));

        // the schedule: once the next run is due, the sync runs by itself and reads only what changed
        int before = asked.get("page1").get();
        jdbc.sql("update reviews_sync_cursor set next_run_at = now() - interval '1 second' where org_id = ? and id = ?::uuid")
                .params(t.org().value(), id).update();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> asked.get("page1").get() > before && sync(t, id).get("state").asString().equals("IDLE"));
        assertThat(Instant.parse(sync(t, id).get("nextRunAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(55)));
        assertThat(t.api().get("/api/v1/reviews/signals").body()).contains("Change 1", "Change 2", "Change 3");
        assertThat(t.api().get("/api/v1/audit/export").body()).contains("reviews.signals.synced", "reviews.sync.scheduled");
    }

    @Test
    void slacksRetryAfterPausesTheReadAndNoMessageIsCountedTwice() throws Exception {
        Tenant t = Tenant.signUp(port);
        String channel = "C" + Long.toHexString(System.nanoTime()).toUpperCase().substring(0, 9);
        AtomicInteger second = new AtomicInteger();
        AtomicInteger first = new AtomicInteger();
        slack.apiHandler = (path, query) -> {
            if (!path.equals("/conversations.history") || !query.contains(channel)) {
                return null;
            }
            if (query.contains("cursor=c2")) {
                if (second.getAndIncrement() == 0) {
                    return new ApiAnswer(429, "{\"ok\":false,\"error\":\"ratelimited\"}", null, Map.of("Retry-After", "1"));
                }
                return new ApiAnswer(200, "{\"ok\":true,\"messages\":[" + WorkSignalsCanaryTest.message("U1", "1700000200.000300", "x", "y")
                        + "],\"has_more\":false,\"response_metadata\":{\"next_cursor\":\"\"}}", null);
            }
            first.incrementAndGet();
            return new ApiAnswer(200, "{\"ok\":true,\"messages\":[" + WorkSignalsCanaryTest.message("U1", "1700000100.000200", "x", "y")
                    + "," + WorkSignalsCanaryTest.message("U1", "1700000000.000100", "x", "y")
                    + "],\"has_more\":true,\"response_metadata\":{\"next_cursor\":\"c2\"}}", null);
        };
        UUID connection = OAuthFlows.connect(t, "SLACK_OAUTH", slack, "1.2", "sl-secret");

        Http.Response read = t.api().postJson("/api/v1/reviews/connections/" + connection + "/read", Map.of("scope", channel));
        assertThat(read.status()).as(read.body()).isEqualTo(409);
        assertThat(read.json().get("detail").asString()).contains("Slack asked Charter to wait", "from the page it reached");

        String id = t.api().get("/api/v1/reviews/syncs").json().get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> sync(t, id), s -> s.get("state").asString().equals("IDLE"));
        assertThat(first.get()).isEqualTo(1);
        assertThat(second.get()).isEqualTo(2);
        JsonNode signals = t.api().get("/api/v1/reviews/signals").json();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).get("count").asInt()).as("three messages of one person on one day").isEqualTo(3);
    }

    @Test
    void aFailedPassKeepsItsPositionAndTheNextRunGoesOnFromIt() throws Exception {
        Tenant t = Tenant.signUp(port);
        String project = "P" + Integer.toHexString(t.org().value().hashCode() & 0xfff).toUpperCase();
        AtomicInteger firstPage = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        jira.apiHandler = (path, query) -> {
            if (!path.endsWith("/rest/api/3/search/jql") || !query.contains(project)) {
                return null;
            }
            if (query.contains("nextPageToken=tok2")) {
                if (failures.getAndIncrement() == 0) {
                    return new ApiAnswer(500, "{\"errorMessages\":[\"Internal server error\"]}", null);
                }
                return new ApiAnswer(200, "{\"issues\":[" + WorkSignalsCanaryTest.issue(project + "-2", "Second", "acc-2", "d", "c", "x", "n")
                        + "],\"isLast\":true}", null);
            }
            firstPage.incrementAndGet();
            return new ApiAnswer(200, "{\"issues\":[" + WorkSignalsCanaryTest.issue(project + "-1", "First", "acc-1", "d", "c", "x", "n")
                    + "],\"nextPageToken\":\"tok2\",\"isLast\":false}", null);
        };
        UUID connection = OAuthFlows.connect(t, "JIRA_OAUTH", jira, "atl-id", "atl-secret");

        Http.Response read = t.api().postJson("/api/v1/reviews/connections/" + connection + "/read",
                Map.of("scope", "project = " + project));
        assertThat(read.status()).as(read.body()).isEqualTo(409);
        JsonNode failed = t.api().get("/api/v1/reviews/syncs").json().get(0);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("lastError").asString()).contains("HTTP 500");
        assertThat(failed.get("inProgress").asBoolean()).isTrue();
        assertThat(t.browser().get("/reviews/sync").body()).contains("Failed", "HTTP 500", "pass in progress");

        String id = failed.get("id").asString();
        Http.Response run = t.api().postJson("/api/v1/reviews/syncs/" + id + "/run", Map.of());
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        JsonNode done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> sync(t, id), s -> s.get("state").asString().equals("IDLE"));
        assertThat(firstPage.get()).as("the stored page is not asked for again").isEqualTo(1);
        assertThat(done.get("signals").asLong()).as("two issues and their two status changes").isEqualTo(4);
        assertThat(done.path("lastError").isMissingNode() || done.get("lastError").isNull()).isTrue();
        assertThat(t.browser().get("/reviews/sync").body()).contains("Up to date", "project = " + project);
    }

    @Test
    void syncRoutesRefuseBadInputAndOtherOrganizations() throws Exception {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        github.apiHandler = (path, query) -> new ApiAnswer(200, "[]", null);
        UUID connection = OAuthFlows.connect(t, "GITHUB_OAUTH", github, "gh-id", "gh-secret");
        String base = "/api/v1/reviews/connections/" + connection + "/syncs";

        Http.Response tooOften = t.api().postJson(base, Map.of("scope", "acme/api", "every", "PT1M"));
        assertThat(tooOften.status()).isEqualTo(400);
        assertThat(tooOften.body()).contains("15 minutes");
        assertThat(t.api().postJson(base, Map.of("scope", "acme/api", "every", "often")).status()).isEqualTo(400);
        assertThat(t.api().postJson(base, Map.of("scope", "not a repository")).body()).contains("owner/name");
        assertThat(t.api().get("/api/v1/reviews/syncs").json()).isEmpty();

        Http.Response ok = t.api().postJson(base, Map.of("scope", "acme/api"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(ok.json().path("every").isMissingNode() || ok.json().get("every").isNull()).as("on demand only").isTrue();
        String id = ok.json().get("id").asString();

        assertThat(other.api().postJson(base, Map.of("scope", "acme/api")).status()).isEqualTo(404);
        assertThat(other.api().postJson("/api/v1/reviews/syncs/" + id + "/run", Map.of()).status()).isEqualTo(404);
        assertThat(other.api().delete("/api/v1/reviews/syncs/" + id).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/reviews/syncs").json()).isEmpty();

        await().atMost(Duration.ofSeconds(20)).until(() -> sync(t, id), s -> s.get("state").asString().equals("IDLE"));
        assertThat(t.api().delete("/api/v1/reviews/syncs/" + id).status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/reviews/syncs").json()).isEmpty();
    }

    private static JsonNode sync(Tenant t, String id) {
        for (JsonNode s : t.api().get("/api/v1/reviews/syncs").json()) {
            if (s.get("id").asString().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no sync " + id);
    }
}

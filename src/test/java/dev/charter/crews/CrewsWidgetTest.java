package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The chat widget's public routes without a browser (CRW-9): posts only from the widget's own page on an allowed
 * site, size and per-visitor rate limits, a conversation reached only by its token and only within its widget's
 * organization, no cookie on any widget route, and a page that only the crew's origins may frame.
 */
@CharterTest
class CrewsWidgetTest {

    static final String SITE = "https://shop.example.test";

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    record Widget(Tenant owner, String crewId, String key) {}

    Widget widget(String name) {
        Tenant t = Tenant.signUp(port);
        String crewId = CrewsFixtures.crew(t, name, List.of(SITE));
        String key = t.api().get("/api/v1/crews/" + crewId).json().get("widgetKey").asString();
        return new Widget(t, crewId, key);
    }

    Http.Response post(Widget w, String path, String origin, String token, Map<String, Object> body) {
        Http http = new Http(port);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/crews/widget/" + w.key() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body)));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header("X-Charter-Conversation", token);
        }
        Http.Response r = http.send(b);
        assertThat(r.headerValues("Set-Cookie")).as("a widget route sets no cookie").isEmpty();
        return r;
    }

    String own() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    @Tag("claim:CRW-9")
    void postsComeOnlyFromTheWidgetsOwnPageOnAnAllowedSiteAndNothingIsWrittenOtherwise() {
        Widget w = widget("Origins");
        String canary = "widget-refused-" + UUID.randomUUID();

        var noOrigin = post(w, "/messages", null, null, Map.of("text", canary, "site", SITE));
        var foreignOrigin = post(w, "/messages", "https://evil.example.test", null, Map.of("text", canary, "site", SITE));
        var otherSite = post(w, "/messages", own(), null, Map.of("text", canary, "site", "https://evil.example.test"));
        var noSite = post(w, "/messages", own(), null, Map.of("text", canary));
        assertThat(noOrigin.status()).isEqualTo(403);
        assertThat(foreignOrigin.status()).isEqualTo(403);
        assertThat(otherSite.status()).isEqualTo(403);
        assertThat(otherSite.json().get("detail").asString()).contains("not enabled for https://evil.example.test");
        assertThat(noSite.status()).isEqualTo(400);
        assertThat(String.valueOf(noOrigin.header("Content-Type"))).startsWith("application/problem+json");
        assertThat(new DatabaseScan(database).find(canary)).as("nothing refused was stored").isEmpty();

        var ok = post(w, "/messages", own(), null, Map.of("text", "Hello there", "site", SITE));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("token").asString()).hasSize(43);
    }

    @Test
    @Tag("claim:CRW-9")
    void theWidgetPageIsFramedOnlyByTheCrewsOriginsAndLoadsOnlyFromCharter() {
        Widget w = widget("Page");
        Http http = new Http(port);
        var page = http.get("/widget/" + w.key() + "?site=" + SITE);
        assertThat(page.status()).isEqualTo(200);
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("frame-ancestors " + SITE).contains("default-src 'none'").contains("script-src 'self'")
                .contains("connect-src 'self'").doesNotContain("*").doesNotContain("unsafe");
        assertThat(page.body()).contains("/widget/assets/widget.js").doesNotContain("http://").doesNotContain("https://cdn");
        for (String asset : List.of("/widget/loader.js", "/widget/assets/widget.js", "/widget/assets/widget.css")) {
            var r = http.get(asset);
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).doesNotContain("document.cookie");
        }
        var elsewhere = http.get("/widget/" + w.key() + "?site=https://evil.example.test");
        assertThat(elsewhere.body()).contains("not enabled for this site").doesNotContain("widget.js");
        assertThat(http.get("/widget/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(http.setCookieHeaders()).as("no widget route sets a cookie").isEmpty();
    }

    @Test
    @Tag("claim:CRW-9")
    void messagesHaveASizeLimitAndVisitorsARateLimit() {
        Widget w = widget("Limits");
        // unique, so that the search below cannot find another test's long text
        String marker = "too-long-" + UUID.randomUUID() + "-";
        String tooLong = marker + "x".repeat(2_001 - marker.length());
        var big = post(w, "/messages", own(), null, Map.of("text", tooLong, "site", SITE));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.json().get("errors").get("text").asString()).contains("at most 2000 characters");
        assertThat(new DatabaseScan(database).find(tooLong)).isEmpty();

        String token = post(w, "/messages", own(), null, Map.of("text", "Hello", "site", SITE)).json().get("token").asString();
        Http.Response last = null;
        String refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            String text = "Message " + i + " " + UUID.randomUUID();
            last = post(w, "/messages", own(), token, Map.of("text", text, "site", SITE));
            if (last.status() != 201) {
                refused = text;
            }
        }
        assertThat(last.status()).as("a visitor who keeps posting is refused").isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotBlank();
        assertThat(last.json().get("detail").asString()).contains("Try again in");
        assertThat(new DatabaseScan(database).find(refused)).as("the refused message was not stored").isEmpty();

        // another widget's visitors have their own allowance
        Widget other = widget("Limits elsewhere");
        assertThat(post(other, "/messages", own(), null, Map.of("text", "Hello", "site", SITE)).status()).isEqualTo(201);
    }

    @Test
    @Tag("claim:CRW-9")
    void aConversationIsReachedOnlyByItsTokenAndOnlyThroughItsOwnWidget() throws Exception {
        Widget a = widget("Tenant A");
        Widget b = widget("Tenant B");
        String token = post(a, "/messages", own(), null, Map.of("text", "Hello", "site", SITE)).json().get("token").asString();

        assertThat(post(b, "/messages", own(), token, Map.of("text", "Hello", "site", SITE)).status())
                .as("A's token on B's widget").isEqualTo(404);
        assertThat(post(b, "/person", own(), token, Map.of("site", SITE)).status()).isEqualTo(404);
        assertThat(post(a, "/person", own(), "A".repeat(43), Map.of("site", SITE)).status()).isEqualTo(404);
        assertThat(post(a, "/contact", own(), "not a token", Map.of("email", "x@example.test", "site", SITE)).status())
                .isEqualTo(404);
        HttpClient client = HttpClient.newHttpClient();
        var stream = client.send(HttpRequest.newBuilder(URI.create(own() + "/api/v1/crews/widget/" + b.key() + "/events"))
                .header("X-Charter-Conversation", token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(404);
    }

    @Test
    @Tag("claim:CRW-9")
    void aVisitorGivesAnEmailAsksForAPersonAndSeesTheMembersReplyOnTheStream() throws Exception {
        Widget w = widget("Journey");
        String token = post(w, "/messages", own(), null, Map.of("text", "Hello", "site", SITE)).json().get("token").asString();
        String email = "visitor-" + UUID.randomUUID() + "@example.test";
        var contact = post(w, "/contact", own(), token, Map.of("email", email, "company", "Visitor Ltd", "site", SITE));
        assertThat(contact.status()).as(contact.body()).isEqualTo(200);
        var bad = post(w, "/contact", own(), token, Map.of("email", "not an email", "site", SITE));
        assertThat(bad.status()).isEqualTo(400);

        var person = post(w, "/person", own(), token, Map.of("site", SITE));
        assertThat(person.json().get("status").asString()).isEqualTo("WAITING");

        JsonNode list = w.owner().api().get("/api/v1/crews/conversations?status=WAITING").json();
        assertThat(list.size()).isEqualTo(1);
        String conversation = list.get(0).get("id").asString();
        JsonNode full = w.owner().api().get("/api/v1/crews/conversations/" + conversation).json();
        assertThat(full.get("contact").get("email").asString()).isEqualTo(email);
        assertThat(full.get("contact").get("company").asString()).isEqualTo("Visitor Ltd");
        assertThat(full.get("summary").get("channel").asString()).isEqualTo("widget");

        w.owner().api().postJson("/api/v1/crews/conversations/" + conversation + "/notes", Map.of("text", "private-note-canary"));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> events = client.send(HttpRequest.newBuilder(URI.create(own() + "/api/v1/crews/widget/"
                        + w.key() + "/events")).header("X-Charter-Conversation", token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().allValues("set-cookie")).isEmpty();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            readUntil(in, seen, "You asked for a person");
            w.owner().api().postJson("/api/v1/crews/conversations/" + conversation + "/replies",
                    Map.of("text", "Hello, this is Ana from the team"));
            readUntil(in, seen, "this is Ana from the team");
            assertThat(seen.toString()).doesNotContain("private-note-canary").contains("\"author\":\"person\"");
        }
    }

    private static void readUntil(BufferedReader in, StringBuilder seen, String wanted) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(wanted)) {
                return;
            }
        }
        throw new AssertionError("the stream ended before '" + wanted + "': " + seen);
    }
}

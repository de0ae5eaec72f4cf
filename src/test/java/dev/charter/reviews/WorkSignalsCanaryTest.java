package dev.charter.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.connectors.FakeOAuthProvider;
import dev.charter.connectors.FakeOAuthProvider.ApiAnswer;
import dev.charter.connectors.OAuthFlows;
import dev.charter.privacy.PersonalDataExporter;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * REV-1 for every connector: fakes of GitHub's pulls, Jira's enhanced search, Slack's conversations.history and
 * Gmail's metadata messages carry canaries in every body-like field (PR bodies, branch labels, labels, descriptions,
 * comments, non-status changelog items, display names, message text, blocks, attachments, files, Gmail's snippet,
 * an unasked header, the Subject while subjects are off, message parts). After a full read across every page, the
 * allowlisted metadata is stored and no canary is in any table, log line, response or export.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class WorkSignalsCanaryTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget db;
    @Autowired WorkSignals signals;
    @Autowired List<PersonalDataExporter> exporters;

    @Test
    @Tag("claim:REV-1")
    void onlyAllowlistedMetadataOfEveryConnectorIsKept() throws Exception {
        try (Canary canary = Canary.start(db)) {
            List<String> c = new ArrayList<>();
            java.util.function.Supplier<String> plant = () -> {
                String x = canary.plant("body");
                c.add(x);
                return x;
            };
            Tenant t = Tenant.signUp(port);

            // GitHub: two pages joined by a Link header
            String ghSecret = "gh-secret-" + UUID.randomUUID();
            var gh = new FakeOAuthProvider(FakeOAuthProvider.Style.GITHUB, "gh-id", ghSecret,
                    () -> "gho_" + UUID.randomUUID().toString().replace("-", ""));
            String pr1 = pull(1, "Add retry to payments", "octo", plant.get(), plant.get(), plant.get());
            String pr2 = pull(2, "Fix flaky test", "mona", plant.get(), plant.get(), plant.get());
            gh.apiHandler = (path, query) -> {
                if (!path.equals("/repos/acme/api/pulls")) {
                    return null;
                }
                return query.contains("page=2") ? new ApiAnswer(200, "[" + pr2 + "]", null)
                        : new ApiAnswer(200, "[" + pr1 + "]", "<" + gh.apiUrl() + "/repos/acme/api/pulls?state=all&page=2>; rel=\"next\"");
            };

            // Jira: the old search answers 410; the enhanced search pages with nextPageToken
            var jira = new FakeOAuthProvider(FakeOAuthProvider.Style.ATLASSIAN, "atl-id", "atl-secret", () -> "atl-" + UUID.randomUUID());
            jira.apiAnswers.put("/oauth/token/accessible-resources", "[{\"id\":\"cloud-9\",\"name\":\"acme\"}]");
            String site = "/ex/jira/cloud-9/rest/api/3/";
            String i1 = issue("ENG-1", "Payments retry", "acc-1", plant.get(), plant.get(), plant.get(), plant.get());
            String i2 = issue("ENG-2", "Flaky test", "acc-2", plant.get(), plant.get(), plant.get(), plant.get());
            jira.apiHandler = (path, query) -> {
                if (path.equals(site + "search")) {
                    return new ApiAnswer(410, "{\"errorMessages\":[\"The requested API has been removed.\"]}", null);
                }
                if (!path.equals(site + "search/jql")) {
                    return null;
                }
                return query.contains("nextPageToken=tok2") ? new ApiAnswer(200, "{\"issues\":[" + i2 + "],\"isLast\":true}", null)
                        : new ApiAnswer(200, "{\"issues\":[" + i1 + "],\"nextPageToken\":\"tok2\",\"isLast\":false}", null);
            };

            // Slack: two pages joined by a cursor
            var slack = new FakeOAuthProvider(FakeOAuthProvider.Style.SLACK, "1.2", "sl-secret", () -> "xoxb-" + UUID.randomUUID());
            String m1 = message("U1", "1700000000.000100", plant.get(), plant.get());
            String m2 = message("U1", "1700000100.000200", plant.get(), plant.get());
            String m3 = message("U2", "1700000200.000300", plant.get(), plant.get());
            String join = "{\"type\":\"message\",\"subtype\":\"channel_join\",\"user\":\"U3\",\"ts\":\"1700000300.000400\",\"text\":\"" + plant.get() + "\"}";
            slack.apiHandler = (path, query) -> {
                if (!path.equals("/conversations.history")) {
                    return null;
                }
                return query.contains("cursor=c2") ? new ApiAnswer(200, "{\"ok\":true,\"messages\":[" + m3 + "," + join
                        + "],\"has_more\":false,\"response_metadata\":{\"next_cursor\":\"\"}}", null)
                        : new ApiAnswer(200, "{\"ok\":true,\"messages\":[" + m1 + "," + m2
                        + "],\"has_more\":true,\"response_metadata\":{\"next_cursor\":\"c2\"}}", null);
            };

            // Gmail: a list in two pages, each message read with format=metadata
            var gmail = new FakeOAuthProvider(FakeOAuthProvider.Style.GOOGLE, "g-id", "g-secret", () -> "ya29." + UUID.randomUUID());
            Map<String, String> mails = Map.of("m1", mail("m1", plant.get(), plant.get(), plant.get(), plant.get()),
                    "m2", mail("m2", plant.get(), plant.get(), plant.get(), plant.get()));
            List<String> gmailQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
            gmail.apiHandler = (path, query) -> {
                if (path.equals("/gmail/v1/users/me/messages")) {
                    return query.contains("pageToken=p2") ? new ApiAnswer(200, "{\"messages\":[{\"id\":\"m2\",\"threadId\":\"t\"}]}", null)
                            : new ApiAnswer(200, "{\"messages\":[{\"id\":\"m1\",\"threadId\":\"t\"}],\"nextPageToken\":\"p2\"}", null);
                }
                if (path.startsWith("/gmail/v1/users/me/messages/")) {
                    gmailQueries.add(query);
                    return new ApiAnswer(200, mails.get(path.substring(path.lastIndexOf('/') + 1)), null);
                }
                return null;
            };

            try (gh; jira; slack; gmail) {
                UUID ghc = OAuthFlows.connect(t, "GITHUB_OAUTH", gh, "gh-id", ghSecret);
                assertThat(read(t, ghc, "acme/api")).isEqualTo(2);
                UUID jc = OAuthFlows.connect(t, "JIRA_OAUTH", jira, "atl-id", "atl-secret");
                assertThat(read(t, jc, "project = ENG")).isEqualTo(4); // two issues, two status changes
                UUID sc = OAuthFlows.connect(t, "SLACK_OAUTH", slack, "1.2", "sl-secret");
                assertThat(read(t, sc, "C0CHANNEL1")).isEqualTo(2); // U1 (2 messages) and U2 (1), one day
                UUID gc = OAuthFlows.connect(t, "GMAIL_OAUTH", gmail, "g-id", "g-secret");
                assertThat(read(t, gc, "in:sent")).isEqualTo(2);

                assertThat(jira.apiRequests).noneMatch(r -> r.startsWith(site + "search?")).anyMatch(r -> r.startsWith(site + "search/jql?"));
                assertThat(jira.apiRequests.stream().filter(r -> r.contains("search/jql")).findFirst().orElseThrow())
                        .contains("fields=summary%2Cstatus%2Cassignee");
                assertThat(gmailQueries).allSatisfy(q -> assertThat(q).contains("format=metadata")
                        .contains("metadataHeaders=From").doesNotContain("Subject"));

                List<Signal> stored = signals.list(t.org(), 100);
                assertThat(stored).extracting(Signal::kind).containsOnly(SignalKind.PULL_REQUEST, SignalKind.ISSUE,
                        SignalKind.STATUS_CHANGE, SignalKind.MESSAGES, SignalKind.EMAIL);
                Signal pr = stored.stream().filter(s -> s.externalId().equals("acme/api#1")).findFirst().orElseThrow();
                assertThat(pr.title()).isEqualTo("Add retry to payments");
                assertThat(pr.identity()).isEqualTo("octo");
                assertThat(pr.facts()).containsKeys("number", "state", "draft", "created_at", "merged_at")
                        .doesNotContainKeys("body", "labels", "head");
                Signal u1 = stored.stream().filter(s -> s.kind() == SignalKind.MESSAGES && s.identity().equals("U1")).findFirst().orElseThrow();
                assertThat(u1.count()).isEqualTo(2);
                assertThat(u1.title()).isNull();
                Signal status = stored.stream().filter(s -> s.kind() == SignalKind.STATUS_CHANGE).findFirst().orElseThrow();
                assertThat(status.facts()).containsEntry("to", "Done");
                Signal email = stored.stream().filter(s -> s.kind() == SignalKind.EMAIL).findFirst().orElseThrow();
                assertThat(email.title()).isNull();
                assertThat(email.identity()).isEqualTo("ana@acme.example");
                assertThat(email.facts()).containsKeys("to", "cc", "message_id", "in_reply_to");

                String responses = t.api().get("/api/v1/reviews/signals").body() + t.api().get("/api/v1/audit/export").body()
                        + t.api().get("/connections").body() + t.api().get("/api/v1/connections").body();
                String export = exporters.stream().filter(e -> e.section().equals("reviews")).findFirst().orElseThrow()
                        .exportOrganization(t.org()).toString();
                for (String x : c) {
                    assertThat(responses).doesNotContain(x);
                    assertThat(export).doesNotContain(x);
                }
                assertThat(export).contains("Add retry to payments");
                canary.assertNowhere(c.toArray(String[]::new));
            }
        }
    }

    private int read(Tenant t, UUID connection, String scope) {
        var r = t.api().postJson("/api/v1/reviews/connections/" + connection + "/read", Map.of("scope", scope));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("signals").asInt();
    }

    static String pull(int n, String title, String login, String body, String branch, String label) {
        return "{\"number\":" + n + ",\"title\":\"" + title + "\",\"state\":\"closed\",\"draft\":false,\"user\":{\"login\":\""
                + login + "\",\"id\":1},\"body\":\"" + body + "\",\"head\":{\"label\":\"" + branch + "\",\"ref\":\"" + branch
                + "\"},\"labels\":[{\"name\":\"" + label + "\"}],\"created_at\":\"2026-10-01T10:00:00Z\",\"updated_at\":\"2026-10-0"
                + (n + 1) + "T10:00:00Z\",\"merged_at\":\"2026-10-02T10:00:00Z\",\"closed_at\":\"2026-10-02T10:00:00Z\","
                + "\"html_url\":\"https://github.example/acme/api/pull/" + n + "\"}";
    }

    static String issue(String key, String summary, String account, String description, String comment, String changed,
                        String displayName) {
        return "{\"id\":\"1\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"" + summary + "\",\"status\":{\"name\":\"Done\"},"
                + "\"assignee\":{\"accountId\":\"" + account + "\",\"displayName\":\"" + displayName + "\"},"
                + "\"description\":{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\""
                + description + "\"}]}]},\"comment\":{\"comments\":[{\"body\":\"" + comment + "\"}]},"
                + "\"created\":\"2026-10-01T10:00:00.000+0000\",\"resolutiondate\":\"2026-10-03T10:00:00.000+0000\","
                + "\"updated\":\"2026-10-03T10:00:00.000+0000\"},\"changelog\":{\"histories\":[{\"id\":\"" + key.hashCode()
                + "\",\"author\":{\"accountId\":\"" + account + "\"},\"created\":\"2026-10-03T10:00:00.000+0000\",\"items\":["
                + "{\"field\":\"status\",\"fromString\":\"In Progress\",\"toString\":\"Done\"},"
                + "{\"field\":\"description\",\"fromString\":\"" + changed + "\",\"toString\":\"" + changed + "\"}]}]}}";
    }

    static String message(String user, String ts, String text, String block) {
        return "{\"type\":\"message\",\"user\":\"" + user + "\",\"ts\":\"" + ts + "\",\"text\":\"" + text + "\",\"blocks\":[{\"type\":"
                + "\"rich_text\",\"elements\":[{\"type\":\"text\",\"text\":\"" + block + "\"}]}],\"attachments\":[{\"fallback\":\""
                + block + "\"}],\"files\":[{\"name\":\"" + text + ".pdf\"}]}";
    }

    static String mail(String id, String snippet, String subject, String header, String body) {
        String data = Base64.getUrlEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        return "{\"id\":\"" + id + "\",\"threadId\":\"t\",\"snippet\":\"" + snippet + "\",\"internalDate\":\"1790000000000\","
                + "\"payload\":{\"headers\":[{\"name\":\"From\",\"value\":\"Ana <ana@acme.example>\"},{\"name\":\"To\",\"value\":"
                + "\"bo@client.example\"},{\"name\":\"Cc\",\"value\":\"cy@acme.example\"},{\"name\":\"Date\",\"value\":"
                + "\"Tue, 6 Oct 2026 10:00:00 +0000\"},{\"name\":\"Message-ID\",\"value\":\"<" + id + "@acme.example>\"},"
                + "{\"name\":\"In-Reply-To\",\"value\":\"<x@client.example>\"},{\"name\":\"Subject\",\"value\":\"" + subject
                + "\"},{\"name\":\"X-Note\",\"value\":\"" + header + "\"}],\"parts\":[{\"mimeType\":\"text/plain\",\"body\":{\"data\":\""
                + data + "\"}}]}}";
    }
}

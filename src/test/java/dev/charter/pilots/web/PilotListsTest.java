package dev.charter.pilots.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Pilots list and a Pilot's run history over plain HTTP: search, status filters, paging and bad addresses. */
@CharterTest
class PilotListsTest {

    private static final Pattern PILOT_LINK = Pattern.compile("href=\"/pilots/([0-9a-f-]{36})\"");

    @LocalServerPort int port;

    private static String create(Tenant t, String title, boolean enabled) {
        return PilotFixtures.create(t.api(), Map.of("title", title, "enabled", enabled, "trigger", Map.of("kind", "MANUAL"),
                "steps", List.of(Map.of("kind", "condition", "name", "go", "config", Map.of("expression", "trigger.go = true")))))
                .get("id").asString();
    }

    private static List<String> listed(String body) {
        List<String> ids = new ArrayList<>();
        var m = PILOT_LINK.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void searchFindsTitlesInAnyCaseTakesWildcardsLiterallyAndNeverShowsAnotherOrganization() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String orders = create(a, "Nightly Orders sync", true);
        String percent = create(a, "100% done", true);
        String underscore = create(a, "a_b report", false);
        String plain = create(a, "axb report", true);
        String theirs = create(b, "Orders of B", true);

        String body = a.browser().get("/pilots?q=" + q("orders")).body();
        assertThat(listed(body)).containsExactly(orders);
        assertThat(body).contains("value=\"orders\"").doesNotContain(theirs, "Orders of B");

        assertThat(listed(a.browser().get("/pilots?q=" + q("%")).body())).containsExactly(percent);
        assertThat(listed(a.browser().get("/pilots?q=" + q("a_b")).body())).containsExactly(underscore);
        assertThat(listed(a.browser().get("/pilots?q=" + q("REPORT")).body())).containsExactlyInAnyOrder(underscore, plain);
        assertThat(listed(a.browser().get("/pilots?q=" + q("' or 1=1 --")).body())).isEmpty();

        var none = a.browser().get("/pilots?q=" + q("nothing like this"));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).contains("id=\"pilots-no-match\"", "nothing like this").doesNotContain("id=\"pilots-empty\"",
                "id=\"pilots-table\"");
        assertThat(listed(b.browser().get("/pilots?q=" + q("orders")).body())).containsExactly(theirs);
        assertThat(listed(b.browser().get("/pilots").body())).containsExactly(theirs);
    }

    @Test
    void statusFiltersByEnabledStateAndByTheLastRun() {
        Tenant t = Tenant.signUp(port);
        String on = create(t, "On", true);
        String off = create(t, "Off", false);
        String stopped = create(t, "Stops", true);
        String done = t.api().postJson("/api/v1/pilots/" + on + "/runs", Map.of("go", true)).json().get("run").asString();
        String held = t.api().postJson("/api/v1/pilots/" + stopped + "/runs", Map.of("go", false)).json().get("run").asString();
        assertThat(PilotFixtures.awaitRun(t.api(), done).get("run").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(PilotFixtures.awaitRun(t.api(), held).get("run").get("status").asString()).isEqualTo("STOPPED");

        assertThat(listed(t.browser().get("/pilots?status=disabled").body())).containsExactly(off);
        assertThat(listed(t.browser().get("/pilots?status=enabled").body())).containsExactly(on, stopped);
        assertThat(listed(t.browser().get("/pilots?status=succeeded").body())).containsExactly(on);
        assertThat(listed(t.browser().get("/pilots?status=STOPPED").body())).containsExactly(stopped);
        assertThat(listed(t.browser().get("/pilots?status=failed").body())).isEmpty();
        assertThat(t.browser().get("/pilots?status=succeeded").body()).contains("<option value=\"succeeded\" selected");

        var unknown = t.browser().get("/pilots?status=" + q("<b>sideways</b>"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).contains("id=\"pilots-filter-ignored\"", "&lt;b&gt;sideways&lt;/b&gt;")
                .doesNotContain("<b>sideways</b>");
        assertThat(listed(unknown.body())).containsExactly(on, off, stopped);
    }

    @Test
    void pagesHoldTwentyFiveAndBadPageNumbersNeverFail() {
        Tenant t = Tenant.signUp(port);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            ids.add(create(t, "Paged " + i, true));
        }
        var first = t.browser().get("/pilots").body();
        assertThat(listed(first)).containsExactlyElementsOf(ids.subList(0, 25));
        assertThat(first).contains("1–25 of 27", "id=\"pilots-next\"", "href=\"/pilots?page=2\"")
                .doesNotContain("id=\"pilots-previous\"");
        var second = t.browser().get("/pilots?page=2").body();
        assertThat(listed(second)).containsExactlyElementsOf(ids.subList(25, 27));
        assertThat(second).contains("26–27 of 27", "id=\"pilots-previous\"").doesNotContain("id=\"pilots-next\"");

        assertThat(listed(t.browser().get("/pilots?page=99").body())).containsExactlyElementsOf(ids.subList(25, 27));
        for (String bad : List.of("-1", "0", "abc", "99999999999999", "1.5", "")) {
            var r = t.browser().get("/pilots?page=" + q(bad));
            assertThat(r.status()).as(bad).isEqualTo(200);
            assertThat(listed(r.body())).as(bad).containsExactlyElementsOf(ids.subList(0, 25));
        }
        var filtered = t.browser().get("/pilots?q=" + q("Paged 2") + "&page=1").body();
        assertThat(listed(filtered)).containsExactly(ids.get(2), ids.get(20), ids.get(21), ids.get(22), ids.get(23),
                ids.get(24), ids.get(25), ids.get(26));
        assertThat(filtered).contains("1–8 of 8");
        assertThat(t.browser().get("/pilots?q=Paged&status=enabled").body())
                .contains("href=\"/pilots?q=Paged&amp;status=enabled&amp;page=2\"");
        assertThat(t.browser().get("/pilots?q=" + q("a\u0000b")).status()).isEqualTo(400);
        assertThat(t.browser().get("/pilots?q=" + q("x".repeat(5000))).status()).isEqualTo(200);
    }

    @Test
    void runHistoryIsBelowTheStepsPagedAndFilteredByStatus() {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        String pilot = create(t, "Many runs", true);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            runs.add(t.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of("go", i % 2 == 0)).json().get("run").asString());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.stream().allMatch(r -> {
            String s = t.api().get("/api/v1/pilots/runs/" + r).json().get("run").get("status").asString();
            return s.equals("SUCCEEDED") || s.equals("STOPPED");
        }));

        String page = t.browser().get("/pilots/" + pilot).body();
        assertThat(page.indexOf("id=\"h-steps\"")).isPositive().isLessThan(page.indexOf("id=\"h-runs\""));
        assertThat(page.split("class=\"text-decoration-none run-link\"", -1)).hasSize(21);
        assertThat(page).contains("1–20 of 22", "id=\"runs-next\"").doesNotContain("id=\"runs-previous\"");
        String second = t.browser().get("/pilots/" + pilot + "?runPage=2").body();
        assertThat(second.split("class=\"text-decoration-none run-link\"", -1)).hasSize(3);
        assertThat(second).contains("21–22 of 22", "id=\"runs-previous\"").contains(runs.get(0), runs.get(1));

        String stopped = t.browser().get("/pilots/" + pilot + "?runStatus=stopped").body();
        assertThat(stopped).contains("1–11 of 11", "<option value=\"stopped\" selected").doesNotContain("Succeeded</span>");
        assertThat(stopped.split("class=\"text-decoration-none run-link\"", -1)).hasSize(12);
        var failed = t.browser().get("/pilots/" + pilot + "?runStatus=failed");
        assertThat(failed.body()).contains("id=\"runs-no-match\"").doesNotContain("id=\"runs-table\"", "id=\"runs-empty\"");

        for (String bad : List.of("runPage=-3", "runPage=x", "runStatus=nope", "runPage=999")) {
            var r = t.browser().get("/pilots/" + pilot + "?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(200);
        }
        assertThat(t.browser().get("/pilots/" + pilot + "?runStatus=nope").body()).contains("id=\"runs-filter-ignored\"",
                "1–20 of 22");
        assertThat(t.browser().get("/pilots/" + pilot + "?runPage=999").body()).contains("21–22 of 22");
        assertThat(other.browser().get("/pilots/" + pilot + "?runStatus=stopped&runPage=1").status()).isEqualTo(404);
    }
}

package dev.charter.reviews;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.connectors.FakeOAuthProvider;
import dev.charter.connectors.FakeOAuthProvider.ApiAnswer;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Reviews in Chromium, against the GitHub and Jira fakes: an admin connects both through their OAuth pages (the
 * redirect round trip), keeps a repository and a project in sync, links the identities the tools name to a member,
 * opens a cycle, generates a draft on the local fallback and follows a sentence's link to the signal it rests on.
 * (Call analysis, the other half of the pages, has its own browser test: CallsBrowserTest.)
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1") // the fakes speak plain http
class ReviewsJourneyBrowserTest {

    static FakeOAuthProvider github;
    static FakeOAuthProvider jira;

    @LocalServerPort int port;

    @BeforeAll
    static void start() throws Exception {
        github = new FakeOAuthProvider(FakeOAuthProvider.Style.GITHUB, "gh-journey", "gh-journey-secret",
                () -> "gho_" + UUID.randomUUID().toString().replace("-", ""));
        jira = new FakeOAuthProvider(FakeOAuthProvider.Style.ATLASSIAN, "atl-journey", "atl-journey-secret",
                () -> "atl-" + UUID.randomUUID());
        jira.apiAnswers.put("/oauth/token/accessible-resources", "[{\"id\":\"cloud-journey\",\"name\":\"acme\"}]");
        github.apiHandler = (path, query) -> path.equals("/repos/acme/shop/pulls")
                ? new ApiAnswer(200, "[" + WorkSignalsCanaryTest.pull(41, "Retry failed payments", "octo", "b", "retry", "payments")
                        + "," + WorkSignalsCanaryTest.pull(42, "Speed up the cart page", "octo", "b", "cart", "perf") + "]", null)
                : null;
        String site = "/ex/jira/cloud-journey/rest/api/3/";
        jira.apiHandler = (path, query) -> path.equals(site + "search/jql")
                ? new ApiAnswer(200, "{\"issues\":[" + WorkSignalsCanaryTest.issue("SHOP-7", "Checkout times out", "acc-octo",
                        "d", "c", "x", "Octo") + "],\"isLast\":true}", null)
                : null;
    }

    @AfterAll
    static void stop() {
        github.close();
        jira.close();
    }

    private static void reloadUntil(Page page, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within " + within).isLessThan(deadline);
            page.waitForTimeout(500); // the sync runs on the job queue; the page shows its state when it is rendered
            page.reload();
        }
    }

    private static void connect(Page page, String base, String kind, String label, FakeOAuthProvider fake, String id,
                                String secret) {
        page.navigate(base + "/connections");
        page.selectOption("#OAUTH-kind", kind);
        page.fill("#OAUTH-label", label);
        page.fill("#OAUTH-clientId", id);
        page.fill("#OAUTH-clientSecret", secret);
        page.click("#form-oauth details summary");
        page.fill("#OAUTH-authorizeUrl", fake.authorizeUrl());
        page.fill("#OAUTH-tokenUrl", fake.tokenUrl());
        page.fill("#OAUTH-apiBaseUrl", fake.apiUrl());
        page.click("#connect-oauth"); // to the provider's authorization page, and back to Charter's callback
        assertThat(page.locator("body")).containsText(label);
        assertThat(page.content()).doesNotContain(secret);
    }

    @Test
    @Tag("browser")
    void connectSyncMatchOpenACycleDraftAndFollowTheEvidence() {
        Tenant t = Tenant.signUp(port);
        String base = "http://127.0.0.1:" + port;
        try (Browser b = new Browser()) {
            Page page = b.signIn(base, t.email(), Tenant.PASSWORD).page;

            connect(page, base, "GITHUB_OAUTH", "GitHub (shop)", github, "gh-journey", "gh-journey-secret");
            connect(page, base, "JIRA_OAUTH", "Jira (shop)", jira, "atl-journey", "atl-journey-secret");
            b.screenshot("reviews-connections");

            // keep the repository and the project in sync
            page.navigate(base + "/reviews/sync");
            page.selectOption("#connection", new com.microsoft.playwright.options.SelectOption().setLabel("GitHub (shop)"));
            page.fill("#scope", "acme/shop");
            page.click("#add-sync");
            page.navigate(base + "/reviews/sync");
            page.selectOption("#connection", new com.microsoft.playwright.options.SelectOption().setLabel("Jira (shop)"));
            page.fill("#scope", "project = SHOP");
            page.click("#add-sync");
            page.navigate(base + "/reviews/sync");
            reloadUntil(page, Duration.ofSeconds(60), () -> page.locator("#syncs tr[data-state=IDLE]").count() == 2);
            assertThat(page.locator("#syncs")).not().containsText(" 0 signals in all");
            b.screenshot("reviews-sync");

            // the identities the tools name, linked to the member
            page.navigate(base + "/reviews/people");
            for (String identity : new String[] {"octo", "acc-octo"}) {
                var row = page.locator("#identities tr.identity[data-identity='" + identity + "']");
                assertThat(row).hasAttribute("data-state", "unmatched");
                row.locator("button.link-identity").click();
                assertThat(page.locator("#identities tr.identity[data-identity='" + identity + "']"))
                        .hasAttribute("data-state", "linked");
            }

            // a cycle over the period, a review of the member, a draft on the local fallback
            page.navigate(base + "/reviews/cycles");
            page.fill("#name", "Q4 2026");
            page.fill("#from", "2026-10-01");
            page.fill("#to", "2026-12-31");
            page.click("#create-cycle"); // to the new cycle's page
            assertThat(page.locator("#no-reviews")).isVisible();
            page.click("#add-review");
            if (page.locator("#reviews .review-link").count() == 1) {
                page.click("#reviews .review-link");
            }
            assertThat(page.locator("#evidence .signal").first()).isVisible();
            assertThat(page.locator("#evidence")).containsText("GITHUB");
            assertThat(page.locator("#evidence")).containsText("JIRA");
            page.click("#generate-draft");
            assertThat(page.locator("#draft-source")).containsText("local evidence summary");
            var ref = page.locator("#sentences .signal-ref").first();
            assertThat(ref).isVisible();
            String target = ref.getAttribute("href");
            ref.click();
            org.assertj.core.api.Assertions.assertThat(page.url()).endsWith(target);
            assertThat(page.locator(target)).isInViewport();
            assertThat(page.locator(target)).containsText(java.util.regex.Pattern.compile("GITHUB|JIRA"));
            b.screenshot("reviews-draft");
        }
    }
}

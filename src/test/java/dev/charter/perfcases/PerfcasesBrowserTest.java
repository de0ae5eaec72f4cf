package dev.charter.perfcases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Browser;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Perf cases in Chromium, on a real Prometheus scraping a simulated service ({@code checkout} 1.1 30 % slower than
 * 1.0) and on Tempo and Pyroscope fakes: an admin connects Prometheus on the page, sees both versions of the service,
 * watches a case open for the slower one, reads its spans and approves the access Charter proposes, and reads both
 * versions' profiles.
 */
@CharterTest
class PerfcasesBrowserTest {

    static final String USER = "charter-reader";
    static final String PASSWORD = "prometheus-password-" + java.util.UUID.randomUUID();

    static SimulatedService service;
    static RealPrometheus prometheus;
    static FakeTempo tempo;
    static FakePyroscope pyroscope;

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        assertThat(RealPrometheus.available()).as("a real Prometheus: apt-get install -y prometheus").isTrue();
        service = new SimulatedService(0.05, 100).add("checkout", "1.0", 1.0, 0).add("checkout", "1.1", 1.3, 8000);
        prometheus = RealPrometheus.start(List.of(service.target()), USER, PASSWORD);
        tempo = new FakeTempo();
        pyroscope = new FakePyroscope();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (service != null) {
            service.close();
        }
        tempo.close();
        pyroscope.close();
    }

    /** Reloads the page until {@code condition} holds: the page shows what the server had when it was rendered. */
    private static void reloadUntil(Page page, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within " + within).isLessThan(deadline);
            page.waitForTimeout(1000); // the detection pass runs every 2 s; a reload each second shows its result
            page.reload();
        }
    }

    @Test
    @Tag("browser")
    void connectWatchACaseOpenReadSpansApproveAndReadProfiles() throws Exception {
        Tenant t = Tenant.signUp(port);
        String base = "http://127.0.0.1:" + port;
        try (Browser b = new Browser(); Canary canary = Canary.start(database)) {
            Page page = b.signIn(base, t.email(), Tenant.PASSWORD).page;

            page.navigate(base + "/perfcases");
            assertThat(page.locator("#pc-no-connections")).isVisible();
            page.click("#pc-connect summary");
            page.fill("#pc-label", "Production Prometheus");
            page.fill("#pc-base-url", prometheus.baseUrl());
            page.selectOption("#pc-auth", "BASIC");
            page.fill("#pc-username", USER);
            page.fill("#pc-secret", PASSWORD);
            page.fill("#pc-service-label", "service_name");
            page.fill("#pc-step", "2");
            page.fill("#pc-check", "2");
            page.fill("#pc-lookback", "2");
            page.fill("#pc-min-samples", "8");
            page.click("#pc-connect-submit");
            assertThat(page.locator("#pc-connection-status")).hasText("Active");
            assertThat(page.content()).doesNotContain(PASSWORD);

            // both versions of the service appear as the detection pass reads them
            reloadUntil(page, Duration.ofSeconds(120), () -> page.locator("section[data-service=checkout] tr[data-version='1.1']").count() == 1);
            assertThat(page.locator("section[data-service=checkout] tr[data-version='1.0']")).hasCount(1);
            b.screenshot("perfcases-connection");

            // a case opens for the slower version
            page.navigate(base + "/perfcases");
            reloadUntil(page, Duration.ofSeconds(180), () -> page.locator("#pc-cases tr[data-service=checkout][data-metric=LATENCY_P95]").count() == 1);
            page.click("#pc-cases tr[data-service=checkout][data-metric=LATENCY_P95] a");
            assertThat(page.locator("#pc-case-title")).containsText("checkout");
            assertThat(page.locator("#pc-case-stats tr[data-statistic=verdict] td")).hasText("regression");
            assertThat(page.locator("#pc-case-stats tr[data-statistic=effect] td")).containsText("% worse");
            assertThat(page.locator("#pc-case-stats tr[data-statistic=baselineMedian] th")).hasText("Median of 1.0");
            String caseUrl = page.url();

            // its spans from Tempo; Charter proposes the route split, and an admin approves it
            TraceCasesTest.Planted planted = TraceCasesTest.plant(canary, tempo.spans);
            page.navigate(base + "/perfcases");
            page.click("#pc-connect-traces summary");
            page.selectOption("#pc-t-kind", "TEMPO");
            page.fill("#pc-t-label", "Tempo");
            page.fill("#pc-t-base-url", tempo.base());
            page.click("#pc-connect-traces-submit");
            assertThat(page.locator("#pc-trace-connection")).isVisible();
            page.navigate(caseUrl);
            page.click("#pc-traces-read");
            assertThat(page.locator("#pc-span-aggregates tbody tr")).hasCount(4);
            assertThat(page.locator("#pc-proposal-list .pc-proposal-status")).hasText("PROPOSED");
            page.click("#pc-proposal-list .pc-approve");
            assertThat(page.locator("#pc-proposal-list .pc-proposal-status")).hasText("APPROVED");
            page.click("#pc-traces-read");
            assertThat(page.locator("#pc-span-aggregates")).containsText(planted.route());
            b.screenshot("perfcases-case-spans");

            // both versions' profiles from Pyroscope: the frame that grew comes first
            for (String v : List.of("1.0", "1.1")) {
                pyroscope.profiles.put("{service_name=\"checkout\",service_version=\"" + v + "\"}", new Pprof()
                        .sample((v.equals("1.0") ? 100 : 400) * 1_000_000L, Map.of(), "checkout.Pricing.discount", "checkout.Main.handle")
                        .sample(500_000_000L, Map.of(), "checkout.Db.query", "checkout.Main.handle").bytes());
            }
            page.navigate(base + "/perfcases");
            page.click("#pc-connect-traces summary");
            page.selectOption("#pc-t-kind", "PYROSCOPE");
            page.fill("#pc-t-label", "Pyroscope");
            page.fill("#pc-t-base-url", pyroscope.base());
            page.click("#pc-connect-traces-submit");
            assertThat(page.locator("#pc-profile-connection")).isVisible();
            page.navigate(caseUrl);
            page.click("#pc-profiles-read");
            assertThat(page.locator("#pc-profile-shifts tbody tr").first()).hasAttribute("data-frame", "checkout.Pricing.discount");
            assertThat(page.locator(".pc-profile")).hasCount(2);

            // a file that is not a recording is refused on the page, naming what is wrong
            Path notJfr = Files.writeString(dir.resolve("app.jfr"), "not a recording");
            page.setInputFiles("#pc-jfr-file", notJfr);
            page.click("#pc-jfr-upload");
            assertThat(page.locator("#pc-profile-errors")).containsText("Flight Recorder");
            assertThat(page.locator(".pc-profile")).hasCount(2);
            b.screenshot("perfcases-case-profiles");
            canary.assertNowhere(planted.forbidden().toArray(String[]::new));
        } finally {
            // the connections check every 2 s; once their sources stop, the rest of the suite need not hear of it
            for (var c : t.api().get("/api/v1/perfcases/connections").json()) {
                t.api().postJson("/api/v1/perfcases/connections/" + c.path("id").asString() + "/revoke", Map.of());
            }
        }
    }
}

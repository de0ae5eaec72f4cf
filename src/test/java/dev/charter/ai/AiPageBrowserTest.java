package dev.charter.ai;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The AI page in a real Chromium: the try-it form swaps its result in with htmx, the chart draws, no CSP errors. */
@CharterTest
@Tag("browser")
class AiPageBrowserTest {

    @LocalServerPort int port;

    @Test
    void anAdminTriesTheLocalFallbackWithTheKeyboardAndSeesTheUsageChart() {
        String base = "http://127.0.0.1:" + port;
        List<String> problems = new CopyOnWriteArrayList<>();
        try (Browser b = new Browser()) {
            Page page = b.page;
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    problems.add(m.text());
                }
            });
            page.onPageError(problems::add);
            page.navigate(base + "/signup");
            page.fill("#organization", "AI Org");
            page.fill("#email", "ai-" + UUID.randomUUID() + "@example.test");
            page.fill("#password", "a long enough password");
            page.click("#signup-submit");
            assertThat(page).hasURL(base + "/dashboard");

            page.navigate(base + "/ai");
            assertThat(page.locator("#provider")).containsText("local fallback");
            assertThat(page.locator("#usage-empty")).isVisible();

            page.selectOption("#try-task", "extract");
            page.fill("#try-instruction", "Extract the e-mail addresses");
            page.fill("#try-text", "Write to ana@example.com or bob@example.org.");
            page.focus("#try-instruction");
            page.keyboard().press("Enter");
            assertThat(page.locator("#try-result-text")).containsText("ana@example.com");
            assertThat(page).hasURL(base + "/ai");
            assertThat(page.locator("#try-result")).containsText("produced locally");

            page.fill("#try-instruction", "");
            page.click("#try-form button[type=submit]");
            assertThat(page.locator("#try-instruction-error")).containsText("Write what should be done");

            page.reload();
            assertThat(page.locator("#usage")).containsText("Local");
            page.waitForFunction("() => window.Chart && Chart.getChart(document.getElementById('ai-usage-chart')) !== undefined");
            b.screenshot("ai-page");
        }
        assertThat(problems).isEmpty();
    }
}

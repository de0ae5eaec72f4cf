package dev.charter.pilots.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person builds a three-step Pilot in a real Chromium, tests a step, copies the delivery URL,
 * delivers to it from outside and watches the run finish with every step's output.
 */
@CharterTest
@Tag("browser")
class PilotJourneyBrowserTest {

    @LocalServerPort int port;

    @Test
    void buildDeliverAndWatchARun() throws Exception {
        String base = "http://127.0.0.1:" + port;
        try (Browser b = new Browser()) {
            Page page = b.page;
            b.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
            page.navigate(base + "/signup");
            page.fill("#organization", "Pilot Org");
            page.fill("#email", "pilot-" + UUID.randomUUID() + "@example.test");
            page.fill("#password", "pilot password 123");
            page.fill("#displayName", "Pia Pilot");
            page.click("#signup-submit");
            assertThat(page).hasURL(base + "/dashboard");

            page.click("#nav-pilots");
            assertThat(page.locator("#pilots-empty")).isVisible();
            b.screenshot("pilots-empty");
            page.click("#pilots-new");

            page.fill("#title", "Order thanks");
            page.fill("#description", "Thank big orders");
            page.fill("#samplePayload", "{\"customer\": \"Ada\", \"items\": [{\"price\": 7}, {\"price\": 8}]}");
            addStep(page, "transform");
            addStep(page, "condition");
            addStep(page, "transform");
            page.fill("#steps-0-name", "shape");
            page.fill("#steps-0-config-expression", "{\"who\": trigger.customer, \"total\": $sum(trigger.items.price)}");
            page.fill("#steps-1-name", "big");
            page.fill("#steps-1-config-expression", "steps.shape.total > 10");
            page.fill("#steps-2-name", "greet");
            // A mistake first: the server reports it next to the right field.
            page.fill("#steps-2-config-expression", "\"Thanks \" & (");
            page.click("#pilot-save");
            assertThat(page.locator("#steps-2-config-expression-error")).isVisible();
            assertThat(page.locator("#steps-0-config-expression-error")).hasCount(0);
            b.screenshot("pilot-editor-error");

            page.fill("#steps-2-config-expression", "\"Thanks \" & steps.shape.who & \", total \" & $string(steps.shape.total)");
            page.click("#steps-2-test");
            assertThat(page.locator("#steps-2-output")).containsText("Thanks Ada, total 15");
            b.screenshot("pilot-editor-test");

            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("Pilot is saved");
            assertThat(page.locator("#pilot-title")).hasText("Order thanks");
            assertThat(page.locator("#runs-empty")).isVisible();

            page.click("#copy-delivery-url");
            assertThat(page.locator("#copy-status")).containsText("Copied");
            String url = (String) page.evaluate("navigator.clipboard.readText()");
            assertThat(url).startsWith(base + "/hooks/");
            b.screenshot("pilot-page");

            HttpResponse<String> delivered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customer\": \"Bo\", \"items\": [{\"price\": 20}, {\"price\": 5}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);

            page.reload();
            assertThat(page.locator("#runs-table tbody tr")).hasCount(1);
            page.click("#runs-table .run-link");
            assertThat(page.locator("#run-status")).hasAttribute("data-status", "SUCCEEDED");
            assertThat(page.locator("#run-step-0-output")).containsText("\"total\" : 25");
            assertThat(page.locator("#run-step-1-output")).containsText("true");
            assertThat(page.locator("#run-step-2-output")).containsText("Thanks Bo, total 25");
            assertThat(page.locator("#run-live")).not().hasAttribute("hx-get", java.util.regex.Pattern.compile(".*"));
            b.screenshot("pilot-run");

            page.navigate(base + "/pilots");
            assertThat(page.locator("#pilots-table")).containsText("Order thanks");
            assertThat(page.locator("#pilots-table")).containsText("Succeeded");
            b.screenshot("pilots-list");
            page.fill("#pilots-q", "no such pilot");
            page.click("#pilots-search-submit");
            assertThat(page.locator("#pilots-no-match")).isVisible();
            page.fill("#pilots-q", "ORDER");
            page.selectOption("#pilots-status", "succeeded");
            page.click("#pilots-search-submit");
            assertThat(page.locator("#pilots-table")).containsText("Order thanks");
            assertThat(page.locator("#pilots-range")).hasText("1–1 of 1");
            page.navigate(base + "/dashboard");
            assertThat(page.locator("#pilots-count")).containsText("1");

            page.navigate(base + "/pilots/import");
            page.fill("#document", "{\"schema\": \"charter.pilot/v0\"}");
            page.click("#import-submit");
            assertThat(page.locator("#schema-error")).isVisible();
            b.screenshot("pilot-import-error");
        }
    }

    /** Adds a step and waits for it: the editor updates the steps in place, without a page load to wait for. */
    private static void addStep(Page page, String kind) {
        int before = page.locator(".step-card").count();
        page.selectOption("#newStepKind", kind);
        page.click("#add-step");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator(".step-card")).hasCount(before + 1);
    }
}

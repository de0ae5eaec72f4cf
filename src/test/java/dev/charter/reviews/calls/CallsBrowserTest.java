package dev.charter.reviews.calls;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.testing.Browser;
import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * In Chromium: an admin enables call analysis with the attestation, a Zoom webhook for an external meeting is analysed
 * and one for an internal meeting is shown as skipped with the reason, and the admin deletes a call.
 */
class CallsBrowserTest extends CallsTestBase {

    @Test
    @Tag("browser")
    void enableAnalyseSkipAndDeleteInTheBrowser() {
        Tenant t = connectedTenant();
        String base = "http://127.0.0.1:" + port;
        try (Browser b = new Browser()) {
            Page page = b.signIn(base, t.email(), Tenant.PASSWORD).page;
            page.navigate(base + "/reviews/calls/settings");
            assertThat(page.locator("#calls-status")).containsText("Off");
            assertThat(page.locator("#attestation-text")).containsText("never audio or video");
            page.click("#enable-calls"); // without the box ticked
            assertThat(page.locator("#consent-form .invalid-feedback")).containsText("Tick the box");
            page.check("#confirm");
            page.click("#enable-calls");
            assertThat(page.locator("#calls-status")).containsText("On");
            b.screenshot("calls-settings-on");

            String external = "ext-" + UUID.randomUUID();
            String internal = "int-" + UUID.randomUUID();
            fakes.zoomParticipants.put(external, List.of(new CallFakes.Person("Host Person", t.email()),
                    new CallFakes.Person("Cliente Buyer", "buyer@customer.example")));
            fakes.zoomParticipants.put(internal, List.of(new CallFakes.Person("Host Person", t.email()),
                    new CallFakes.Person("Guest", null)));
            fakes.zoomFiles.put("tr-" + external, ZoomCallsTest.vtt("Host Person", "Fine."));
            fakes.zoomFiles.put("tr-" + internal, ZoomCallsTest.vtt("Host Person", "Fine."));
            assertThat(zoomWebhook(t, transcriptCompleted(external, t.email(), "tr-" + external), ZOOM_WEBHOOK_SECRET,
                    Instant.now()).status()).isEqualTo(200);
            assertThat(zoomWebhook(t, transcriptCompleted(internal, t.email(), "tr-" + internal), ZOOM_WEBHOOK_SECRET,
                    Instant.now()).status()).isEqualTo(200);
            var list = t.api().get("/api/v1/reviews/calls").json();
            for (var c : list) {
                settled(t, c.get("id").asString());
            }

            page.click("#nav-calls");
            assertThat(page.locator("#calls tbody tr")).hasCount(2);
            assertThat(page.locator("tr[data-status=ANALYSED] .call-status")).hasText("Analysed");
            assertThat(page.locator("tr[data-status=SKIPPED] .call-reason")).containsText("internal meeting");
            assertThat(page.locator("tr[data-status=SKIPPED] .call-reason")).containsText("without an email");
            b.screenshot("calls-list");
            page.click("tr[data-status=ANALYSED] td a");
            assertThat(page.locator("#speakers")).containsText("Host Person");
            assertThat(page.locator("#next-steps")).containsText("I will send you the revised pricing by Friday.");
            page.click("#delete-call");
            assertThat(page.locator("#calls tbody tr")).hasCount(1);
            assertThat(page.locator("tr[data-status=ANALYSED]")).hasCount(0);
            b.screenshot("calls-after-delete");
        }
        assertThat(t.api().get("/api/v1/reviews/calls").json().size()).isEqualTo(1);
    }
}

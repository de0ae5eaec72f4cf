package dev.charter.pilots.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.charter.ai.CapturingEgress;
import dev.charter.ai.FakeAnthropic;
import dev.charter.pilots.StepFakes;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A person connects Slack, Resend and their own Anthropic key on the connections page, builds an AI → Slack → email
 * Pilot in the editor, delivers to it from outside and watches the run finish; the local fakes of the three providers
 * received exactly what the steps were configured to send. Without any model key, the same kind of Pilot runs its AI
 * step on the local fallback, the run page says so, and nothing was handed to the egress gateway for the model.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
@Tag("browser")
class PilotProvidersBrowserTest {

    static StepFakes fakes;
    static final FakeAnthropic anthropic = new FakeAnthropic();
    static final String AI_PURPOSE = "ai.anthropic";
    /** How long a run may take to finish while the page watches (the model answers after three seconds). */
    static final LocatorAssertions.HasAttributeOptions FINISHING = new LocatorAssertions.HasAttributeOptions().setTimeout(20_000);

    @BeforeAll
    static void start() throws IOException {
        fakes = new StepFakes();
    }

    @AfterAll
    static void stop() {
        fakes.close();
        anthropic.close();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // no server key: an organization without its own key gets the local fallback
        registry.add("charter.ai.anthropic.base-url", anthropic::base);
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
        registry.add("charter.jobs.backoff-base", () -> "100ms");
        registry.add("charter.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort int port;
    @Autowired CapturingEgress egress;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:PIL-1")
    @Tag("claim:PIL-6")
    @Tag("claim:PIL-7")
    void aiSlackAndEmailStepsBuiltInTheBrowserReachTheProvidersFakes() throws Exception {
        String base = "http://127.0.0.1:" + port;
        String orgKey = "sk-ant-" + UUID.randomUUID();
        anthropic.reset();
        anthropic.acceptedKeys = Set.of(orgKey);
        anthropic.text = "negative";
        // the model takes its time, so the run page is seen while the run is still going
        anthropic.delayMillis = 3000;
        try (Browser b = new Browser()) {
            Page page = b.page;
            String email = signUp(page, base, "Feedback Org");

            page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Connections").setExact(true)).click();
            assertThat(page).hasURL(base + "/connections");
            page.fill("#SLACK_WEBHOOK-label", "Team Slack");
            page.fill("#SLACK_WEBHOOK-webhookUrl", fakes.base() + StepFakes.SLACK_PATH);
            page.check("#SLACK_WEBHOOK-verify");
            page.click("#connect-slack");
            assertThat(page.locator("#flash")).containsText("saved");
            assertThat(page.locator("#connections")).containsText("Team Slack");

            page.fill("#RESEND_API_KEY-label", "Mail");
            page.fill("#RESEND_API_KEY-secret", fakes.resendKey);
            page.click("#RESEND_API_KEY-address summary");
            page.fill("#RESEND_API_KEY-baseUrl", fakes.base() + "/resend");
            page.click("#connect-resend");
            assertThat(page.locator("#connections")).containsText("Mail");

            page.fill("#ANTHROPIC_API_KEY-label", "Our Claude");
            page.fill("#ANTHROPIC_API_KEY-secret", orgKey);
            page.click("#ANTHROPIC_API_KEY-address summary");
            page.fill("#ANTHROPIC_API_KEY-baseUrl", anthropic.base());
            page.click("#connect-anthropic");
            assertThat(page.locator("#connections")).containsText("Our Claude");
            assertThat(page.locator("#connections")).containsText("Anthropic API key");
            assertThat(page.locator("main")).not().containsText(orgKey);
            b.screenshot("providers-connections");

            page.click("#nav-pilots");
            page.click("#pilots-new");
            page.fill("#title", "Feedback triage");
            page.fill("#samplePayload", "{\"name\": \"Sam\", \"email\": \"sam@example.org\", \"text\": \"Great, thanks!\"}");
            addStep(page, "ai");
            addStep(page, "slack");
            addStep(page, "email");
            page.fill("#steps-0-name", "mood");
            page.fill("#steps-0-config-instruction", "What is the sentiment of this customer feedback?");
            page.fill("#steps-0-config-input", "trigger.text");
            page.selectOption("#steps-0-config-task", "sentiment");
            page.fill("#steps-1-name", "tell");
            // the pickers offer the connections of the kinds each step takes, and only those
            assertThat(page.locator("#steps-1-config-connection option")).hasText(new String[] {
                    "Choose a connection", "Team Slack (Slack incoming webhook)"});
            assertThat(page.locator("#steps-2-config-connection option")).hasText(new String[] {
                    "Choose a connection", "Mail (Resend API key)"});
            page.selectOption("#steps-1-config-connection", "Team Slack");
            page.fill("#steps-1-config-text", "Feedback from {{ trigger.name }} is {{ steps.mood.text }}");
            page.fill("#steps-2-name", "mail");
            page.selectOption("#steps-2-config-connection", "Mail");
            page.fill("#steps-2-config-from", "Support <support@shop.example>");
            page.fill("#steps-2-config-to", "{{ trigger.email }}");
            page.fill("#steps-2-config-subject", "Your feedback ({{ steps.mood.text }})");
            page.fill("#steps-2-config-text", "Hello {{ trigger.name }}, we read it: {{ steps.mood.text }}.");
            b.screenshot("providers-editor");
            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("Pilot is saved");
            assertThat(page.locator("#pilot-title")).hasText("Feedback triage");

            // the saved Pilot opens in the editor with its connections picked
            page.click("#pilot-edit");
            assertThat(page.locator("#steps-1-config-connection")).hasValue("Team Slack");
            assertThat(page.locator("#steps-2-config-connection")).hasValue("Mail");
            page.goBack();

            fakes.seen.clear();
            String canary = "canary-" + UUID.randomUUID();
            String feedback = "The export is broken again and support was slow.";
            deliver(page, "{\"name\": \"Ada\", \"email\": \"ada@example.org\", \"text\": \"" + feedback
                    + "\", \"internal\": \"" + canary + "\"}");

            page.reload();
            assertThat(page.locator("#runs-table tbody tr")).hasCount(1);
            page.click("#runs-table .run-link");
            // still running: the page keeps asking for the live part until the run is over
            assertThat(page.locator("#run-live")).hasAttribute("hx-get", Pattern.compile(".+"));
            assertThat(page.locator("#run-status")).not().hasAttribute("data-status", "SUCCEEDED");
            assertThat(page.locator("#run-status")).hasAttribute("data-status", "SUCCEEDED", FINISHING);
            assertThat(page.locator("#run-live")).not().hasAttribute("hx-get", Pattern.compile(".*"));
            assertThat(page.locator("#run-step-0-output")).containsText("\"text\" : \"negative\"");
            assertThat(page.locator("#run-step-0-answered-by")).hasAttribute("data-provider", "ORG_KEY");
            assertThat(page.locator("#run-step-0-answered-by")).containsText("your organization's key");
            assertThat(page.locator("#run-step-1-output")).containsText("\"ok\" : true");
            assertThat(page.locator("#run-step-2-output")).containsText("\"recipients\" : 1");
            assertThat(page.locator("#run-step-2-output")).containsText("\"id\" : \"");
            b.screenshot("providers-run");

            // Anthropic got the instruction and the step's data, with the organization's key, and nothing else of the run
            assertThat(anthropic.received).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/v1/messages");
                assertThat(r.header("x-api-key")).isEqualTo(orgKey);
                assertThat(r.raw()).contains("What is the sentiment of this customer feedback?").contains(feedback)
                        .doesNotContain(canary).doesNotContain("Ada").doesNotContain("ada@example.org")
                        .doesNotContain(email).doesNotContain(orgOf(email).toString()).doesNotContain("Feedback triage");
            });
            // Slack got exactly the configured message
            assertThat(fakes.at(StepFakes.SLACK_PATH)).singleElement().satisfies(s -> {
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.body()).isEqualTo("{\"text\":\"Feedback from Ada is negative\"}");
            });
            // Resend got exactly the configured email, with the key attached by the gateway
            assertThat(fakes.at("/resend/emails")).singleElement().satisfies(s -> {
                assertThat(s.header("Authorization")).isEqualTo("Bearer " + fakes.resendKey);
                JsonNode m = FakeAnthropic.JSON.readTree(s.body());
                assertThat(m.get("from").asString()).isEqualTo("Support <support@shop.example>");
                assertThat(m.get("to").toString()).isEqualTo("[\"ada@example.org\"]");
                assertThat(m.get("subject").asString()).isEqualTo("Your feedback (negative)");
                assertThat(m.get("text").asString()).isEqualTo("Hello Ada, we read it: negative.");
                assertThat(m.has("html")).isFalse();
            });
            assertThat(fakes.seen).hasSize(2);
            assertThat(aiEgressAudits(orgOf(email))).isEqualTo(1);
        }
    }

    @Test
    @Tag("claim:PIL-6")
    void withoutAnyModelKeyTheAiStepRunsLocallyAndNothingGoesOutForIt() throws Exception {
        String base = "http://127.0.0.1:" + port;
        anthropic.reset();
        try (Browser b = new Browser()) {
            Page page = b.page;
            String email = signUp(page, base, "Local Org");
            page.navigate(base + "/connections");
            page.fill("#SLACK_WEBHOOK-label", "alerts");
            page.fill("#SLACK_WEBHOOK-webhookUrl", fakes.base() + StepFakes.SLACK_PATH);
            page.click("#connect-slack");
            assertThat(page.locator("#connections")).containsText("alerts");

            page.navigate(base + "/pilots/new");
            page.fill("#title", "Local mood");
            addStep(page, "ai");
            addStep(page, "slack");
            addStep(page, "email");
            // no email connection yet: the picker says where to make one
            assertThat(page.locator("#steps-2-config-connection-none")).containsText("No connection of this kind yet");
            page.click("#steps-2-remove");
            // the steps are swapped in place: fill them only once the removal has landed
            assertThat(page.locator("#steps-2-remove")).hasCount(0);
            page.fill("#steps-0-name", "mood");
            page.fill("#steps-0-config-instruction", "What is the sentiment?");
            page.fill("#steps-0-config-input", "trigger.text");
            page.selectOption("#steps-0-config-task", "sentiment");
            page.selectOption("#steps-1-config-connection", "alerts");
            page.fill("#steps-1-config-text", "Mood: {{ steps.mood.text }}");
            page.click("#pilot-save");
            assertThat(page.locator("#flash")).containsText("Pilot is saved");

            egress.requests.clear();
            fakes.seen.clear();
            String canary = "canary-" + UUID.randomUUID();
            deliver(page, "{\"text\": \"Terrible support, the app crashed and I lost my work. " + canary + "\"}");
            page.reload();
            page.click("#runs-table .run-link");
            assertThat(page.locator("#run-status")).hasAttribute("data-status", "SUCCEEDED", FINISHING);
            assertThat(page.locator("#run-step-0-answered-by")).hasAttribute("data-provider", "LOCAL");
            assertThat(page.locator("#run-step-0-answered-by")).containsText("Produced locally");
            assertThat(page.locator("#run-step-0-answered-by")).containsText("nothing left the server");
            assertThat(page.locator("#run-step-0-output")).containsText("\"producedLocally\" : true");
            b.screenshot("providers-run-local");

            String moodText = FakeAnthropic.JSON.readTree(page.locator("#run-step-0-output").textContent()).get("text").asString();
            assertThat(moodText).isNotBlank();
            assertThat(fakes.at(StepFakes.SLACK_PATH)).singleElement()
                    .satisfies(s -> assertThat(FakeAnthropic.JSON.readTree(s.body()).get("text").asString())
                            .isEqualTo("Mood: " + moodText));

            // nothing reached the model's address, nothing was handed to the gateway for it, nothing was audited as sent
            var org = orgOf(email);
            assertThat(anthropic.received).isEmpty();
            assertThat(egress.requests).noneMatch(r -> r.purpose().equals(AI_PURPOSE));
            assertThat(egress.requests).filteredOn(r -> r.org().value().equals(org))
                    .extracting(r -> r.purpose()).containsExactly("pilots.slack");
            assertThat(aiEgressAudits(org)).isZero();
            assertThat(jdbc.sql("select count(*) from audit_event where org_id = ? and action like 'egress.%'")
                    .param(org).query(Long.class).single()).isEqualTo(1);
        }
    }

    private static String signUp(Page page, String base, String organization) {
        String email = "pilot-" + UUID.randomUUID() + "@example.test";
        page.navigate(base + "/signup");
        page.fill("#organization", organization);
        page.fill("#email", email);
        page.fill("#password", "pilot password 123");
        page.fill("#displayName", "Pia Pilot");
        page.click("#signup-submit");
        assertThat(page).hasURL(base + "/dashboard");
        return email;
    }

    /** Adds a step and waits for it: the editor updates the steps in place, without a page load to wait for. */
    private static void addStep(Page page, String kind) {
        int before = page.locator(".step-card").count();
        page.selectOption("#newStepKind", kind);
        page.click("#add-step");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator(".step-card")).hasCount(before + 1);
    }

    /** Posts to the delivery URL shown on the Pilot's page, as a sender outside would. */
    private static void deliver(Page page, String json) throws Exception {
        String url = page.locator("#delivery-url").inputValue();
        HttpResponse<String> delivered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
    }

    private UUID orgOf(String email) {
        return jdbc.sql("select m.org_id from identity_membership m join identity_user u on u.id = m.user_id "
                + "where lower(u.email) = lower(?)").param(email).query(UUID.class).single();
    }

    private long aiEgressAudits(UUID org) {
        return jdbc.sql("select count(*) from audit_event where org_id = ? and action like 'egress.%' "
                + "and details ->> 'purpose' = ?").param(org).param(AI_PURPOSE).query(Long.class).single();
    }
}

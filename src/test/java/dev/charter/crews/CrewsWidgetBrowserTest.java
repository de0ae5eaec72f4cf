package dev.charter.crews;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CRW-9 in a real Chromium: a shop's page on another loopback origin embeds the widget with the snippet; a visitor
 * asks, and the crew's answer (the local fallback) arrives citing the knowledge base; the visitor leaves an email and
 * a company; the unsure lead score waits in the review queue and a member overrides it; the visitor asks for a person,
 * and the member's reply from the inbox arrives in the widget live. The visitor's browser got no cookie from any
 * origin, and no request of it went anywhere but the shop and Charter.
 */
@CharterTest
@Tag("browser")
class CrewsWidgetBrowserTest {

    @LocalServerPort int port;

    @Test
    @Tag("claim:CRW-9")
    void aVisitorOnAnotherSiteAsksAndGetsACitedAnswerWithoutAnyCookieOrThirdParty() throws Exception {
        String charter = "http://127.0.0.1:" + port;
        HttpServer shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String site = "http://127.0.0.1:" + shop.getAddress().getPort();
        Tenant t = Tenant.signUp(port);
        String crewId = CrewsFixtures.crew(t, "Shop help", List.of(site));
        String key = t.api().get("/api/v1/crews/" + crewId).json().get("widgetKey").asString();
        var doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping guide", "format", "markdown",
                "content", """
                        # Shipping

                        We ship to every country in the European Union and to Norway, Switzerland and the United Kingdom.

                        # Returns

                        You can return any product within 30 days of delivery for a full refund.
                        """));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        String snippet = t.api().get("/api/v1/crews/" + crewId + "/widget").json().get("snippet").asString();
        assertThat(snippet).contains(key).contains("/widget/loader.js");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head>"
                + "<body><h1>The shop</h1>" + snippet + "</body></html>";
        shop.createContext("/", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        shop.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        shop.start();
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        try (Browser b = new Browser()) {
            b.context().onRequest(r -> requests.add(r.url()));
            Page page = b.page;
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    problems.add(m.text());
                }
            });
            page.onPageError(problems::add);
            page.navigate(site + "/", new Page.NavigateOptions().setTimeout(60_000)
                    .setWaitUntil(com.microsoft.playwright.options.WaitUntilState.DOMCONTENTLOADED));
            FrameLocator widget = page.frameLocator("#charter-widget");
            assertThat(widget.locator("h1")).hasText("Shop help");
            widget.locator("#text").fill("Do you ship to Norway?");
            widget.locator("#text").press("Enter");
            assertThat(widget.locator("#messages li.visitor")).hasText("Do you ship to Norway?");
            assertThat(widget.locator("#messages li.crew").first()).containsText("Norway");
            assertThat(widget.locator("#messages li.crew .citation").first()).containsText("Shipping guide");

            widget.locator("#about-you summary").click();
            widget.locator("#email").fill("norway@example.test");
            widget.locator("#company").fill("Fjord Traders");
            widget.locator("#contact-send").click();
            assertThat(widget.locator("#contact-done")).isVisible();

            // a member signs in elsewhere: the unsure lead score waits in the review queue, and the member overrides it
            try (Browser member = new Browser()) {
                Page m = member.signIn(charter, t.email(), Tenant.PASSWORD).page;
                m.navigate(charter + "/crews/review");
                var lead = m.locator(".review-item", new Page.LocatorOptions().setHasText("lead-score"));
                assertThat(lead).hasCount(1);
                assertThat(lead.locator(".review-provider")).containsText("lead-score");
                lead.locator("input[name=value]").fill("85");
                lead.locator("input[name=reason]").fill("They asked for a quote for 40 machines.");
                lead.locator("button.override").click();
                assertThat(m.locator(".review-item", new Page.LocatorOptions().setHasText("lead-score"))).hasCount(0);
                member.screenshot("crews-review-overridden");

                // the visitor asks for a person; the member answers from the inbox and the answer arrives live
                widget.locator("#person").click();
                assertThat(widget.locator("#messages")).containsText("You asked for a person");
                m.navigate(charter + "/crews/inbox?status=WAITING");
                assertThat(m.locator("#inbox-list tbody tr")).hasCount(1);
                assertThat(m.locator("#inbox-list tbody tr .inbox-open")).hasText("norway@example.test");
                m.click("#inbox-list tbody tr .inbox-open");
                assertThat(m.locator("#messages li[data-author=CONTACT]").first()).containsText("Do you ship to Norway?");
                assertThat(m.locator("#profile tr[data-kind=lead-score] td").nth(1)).hasText("85");
                m.fill("#reply-text", "Hello from Fjord support: yes, and I can quote you for 40 machines.");
                m.click("#send-reply");
                assertThat(m.locator("#conversation-status")).hasText("OPEN");
                assertThat(widget.locator("#messages li.person")).containsText("I can quote you for 40 machines");
                member.screenshot("crews-inbox-conversation");
            }
            b.screenshot("crews-widget");

            assertThat(b.context().cookies()).as("cookies of any origin").isEmpty();
            var stored = page.frames().stream().filter(f -> f.url().startsWith(charter + "/widget/")).findFirst().orElseThrow()
                    .evaluate("() => document.cookie");
            assertThat(stored).isEqualTo("");
        } finally {
            shop.stop(0);
        }
        assertThat(requests).isNotEmpty();
        for (String url : requests) {
            URI u = URI.create(url);
            String origin = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
            assertThat(origin).as(url).isIn(site, charter);
        }
        assertThat(problems).as("console errors (CSP violations among them)").isEmpty();
        var conversation = t.api().get("/api/v1/crews/conversations?status=OPEN").json().get(0); // the member answered
        var contact = t.api().get("/api/v1/crews/contacts/" + conversation.get("contactId").asString()).json();
        assertThat(contact.get("email").asString()).isEqualTo("norway@example.test");
        assertThat(contact.get("company").asString()).isEqualTo("Fjord Traders");
    }
}

package dev.charter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The kernel's pages in a real Chromium: connect an HTTP API and verify it against a local server,
 * see it listed without its secret, disconnect it; then export the account's data and erase the
 * organization with a receipt.
 */
@CharterTest
@Tag("browser")
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class KernelPagesBrowserTest {

    @LocalServerPort int port;

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:VLT-5")
    void connectVerifyListAndDisconnectAnHttpApi() throws Exception {
        String secret = "canary-token-" + UUID.randomUUID();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/user", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            int status = ("Bearer " + secret).equals(auth) ? 200 : 401;
            byte[] body = "{\"login\":\"bot\"}".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try (Browser b = new Browser()) {
            Page page = b.page;
            signUp(page, "conn-" + UUID.randomUUID() + "@example.test", "Connections Org");
            page.navigate(base() + "/connections");
            page.fill("#HTTP_API-label", "Local API");
            page.fill("#HTTP_API-baseUrl", "http://127.0.0.1:" + api.getAddress().getPort());
            page.selectOption("#HTTP_API-authScheme", "BEARER");
            page.fill("#HTTP_API-secret", secret);
            page.fill("#HTTP_API-verifyPath", "/user");
            page.check("#HTTP_API-verify");
            page.click("#connect-http-api");
            assertThat(page.locator("#connections")).containsText("Local API");
            assertThat(page.locator("#connections")).containsText("Active");
            b.screenshot("connections");
            assertThat(authorizations).contains("Bearer " + secret);
            assertThat(page.content()).doesNotContain(secret);

            page.onDialog(dialog -> dialog.accept());
            page.click("button[aria-label='Disconnect Local API']");
            assertThat(page.locator("#connections")).containsText("Revoked");
            assertThat(page.content()).doesNotContain(secret);
        } finally {
            api.stop(0);
        }
    }

    @Test
    @Tag("claim:DSR-1")
    @Tag("claim:DSR-5")
    void exportTheAccountThenEraseTheOrganization() throws Exception {
        String email = "rights-" + UUID.randomUUID() + "@example.test";
        String organization = "Rights Org " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser b = new Browser()) {
            Page page = b.page;
            signUp(page, email, organization);
            page.navigate(base() + "/account");
            page.fill("#tokenName", "browser token");
            page.click("#token-create");
            assertThat(page.locator("#new-token")).isVisible();

            page.navigate(base() + "/account");
            page.click("#export-start");
            assertThat(page.locator("#export-download")).isVisible(
                    new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            Download download = page.waitForDownload(() -> page.click("#export-download"));
            String exported = Files.readString(download.path());
            assertThat(exported).contains("charter.export/v1").contains(email).contains("browser token");
            b.screenshot("export");

            page.navigate(base() + "/privacy");
            page.onDialog(dialog -> dialog.accept());
            page.fill("#erase-confirmation", organization);
            page.click("#erase-start");
            assertThat(page.locator("#erasure-receipt")).isVisible();
            assertThat(page.locator("#erasure-receipt")).containsText("signature");
            b.screenshot("erased");

            page.navigate(base() + "/signin");
            page.fill("#email", email);
            page.fill("#password", "rights password 123");
            page.click("#signin-submit");
            assertThat(page.locator("#signin-error")).isVisible();
        }
    }

    private void signUp(Page page, String email, String organization) {
        page.navigate(base() + "/signup");
        page.fill("#organization", organization);
        page.fill("#email", email);
        page.fill("#password", "rights password 123");
        page.click("#signup-submit");
        assertThat(page).hasURL(base() + "/dashboard");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}

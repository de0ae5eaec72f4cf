package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A page form with a stale CSRF token is answered with a page that keeps the typed fields (never a password or
 * secret) and a fresh token; API calls and posts that do not come from a page keep the problem detail.
 */
@CharterTest
class StaleFormPageTest {

    @LocalServerPort int port;

    @Test
    void aStalePageFormKeepsItsFieldsButNeverItsSecretsAndStoresNothing() {
        Tenant t = Tenant.signUp(port);
        String canary = "stale-secret-" + java.util.UUID.randomUUID();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", "a-token-of-another-sign-in");
        form.put("kind", "HTTP_API");
        form.put("label", "Orders <API>");
        form.put("baseUrl", "https://orders.example.test");
        form.put("secret", canary);
        var r = t.browser().formRaw("/connections", form);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("id=\"resend-form\"", "action=\"/connections\"", "value=\"Orders &lt;API&gt;\"",
                        "value=\"https://orders.example.test\"", "id=\"resend-dropped\"", "id=\"nav-account\"")
                .doesNotContain(canary, "a-token-of-another-sign-in");
        assertThat(r.body()).containsPattern("name=\"_csrf\" value=\"[A-Za-z0-9_=-]{40,}\"");
        assertThat(t.api().get("/api/v1/connections").json().size()).isZero();
    }

    @Test
    void apiCallsKeepTheProblemDetailAndPostsWithoutAnOriginGetTheErrorPage() {
        Tenant t = Tenant.signUp(port);
        var api = t.browser().formRaw("/api/v1/account/tokens", Map.of("_csrf", "stale", "name", "x"));
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");

        var noOrigin = t.browser().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/connections"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=stale&label=x")));
        assertThat(noOrigin.status()).isEqualTo(403);
        // a page path answers with the HTML error page (the API with problem details), never the resend page
        assertThat(noOrigin.header("Content-Type")).startsWith("text/html");
        assertThat(noOrigin.body()).doesNotContain("resend-form").doesNotContain("_csrf=stale");
    }
}

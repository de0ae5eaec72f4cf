package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Error pages show the navigation of whoever is looking: a signed-in person's menu, or "Sign in" to a visitor. */
@CharterTest
class ErrorPageNavigationTest {

    @LocalServerPort int port;

    /** A GET as a browser sends it, asking for HTML. */
    private Http.Response asBrowser(Http http, String path) {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").GET());
    }

    @Test
    void aSignedInPersonKeepsTheirNavigationOnErrorPages() {
        Tenant t = Tenant.signUp(port);
        for (String path : new String[] {"/pilots/" + UUID.randomUUID(), "/no-such-page", "/pilots/runs/not-an-id"}) {
            var page = asBrowser(t.browser(), path);
            assertThat(page.status()).as(path).isBetween(400, 499);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("id=\"nav-account\"", "id=\"signout\"").doesNotContain("id=\"nav-signin\"");
        }
        var visitor = asBrowser(new Http(port), "/css/no-such-file.css");
        assertThat(visitor.status()).isEqualTo(404);
        assertThat(visitor.body()).contains("id=\"nav-signin\"").doesNotContain("id=\"nav-account\"");
    }
}

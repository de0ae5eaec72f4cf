package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@CharterTest
@Import(FakeEgress.Config.class)
class ConnectionsPageTest {

    @LocalServerPort int port;
    @Autowired Connections connections;

    @Test
    void pagesSayWhatIsRequiredAndPointToTheDedicatedAnthropicForm() {
        Tenant t = Tenant.signUp(port);
        String page = t.browser().get("/connections").body();
        int secret = page.indexOf("for=\"HTTP_API-secret\"");
        assertThat(page.substring(secret, page.indexOf("</label>", secret))).doesNotContain("(optional)");
        assertThat(page).contains("id=\"h-add-anthropic\"");
        var refused = t.browser().form("/connections", "/connections", Map.of("kind", "HTTP_API", "label", "No secret",
                "baseUrl", "https://api.example/v1", "authScheme", "BEARER"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"HTTP_API-secret-error\"");

        String ai = t.browser().get("/ai").body();
        assertThat(ai).contains("href=\"/connections#h-add-anthropic\"").doesNotContain("x-api-key", "HTTP API connection");
    }

    @Test
    void adminConnectsSeesTheListWithoutSecretsAndDisconnects() {
        Tenant t = Tenant.signUp(port);
        Http browser = t.browser();
        var empty = browser.get("/connections");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("id=\"connections-empty\"").contains("id=\"form-http-api\"").contains("id=\"form-webhook\"");
        assertEveryFieldHasALabel(empty.body());

        String token = "tok-" + UUID.randomUUID();
        var refused = browser.form("/connections", "/connections", Map.of("kind", "HTTP_API", "label", "My API",
                "baseUrl", "not a url", "authScheme", "BEARER", "secret", token));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("value=\"My API\"").contains("is-invalid").contains("HTTP_API-baseUrl-error")
                .doesNotContain(token);
        assertEveryFieldHasALabel(refused.body());

        var saved = browser.form("/connections", "/connections", Map.of("kind", "HTTP_API", "label", "My API",
                "baseUrl", "https://api.example/v1", "authScheme", "BEARER", "secret", token, "scopes", "repo, read:org",
                "verify", "on"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.header("Location")).contains("notice=connection-verified-saved");
        var list = browser.get("/connections?notice=connection-saved");
        Connection c = connections.list(t.org()).get(0);
        assertThat(list.body()).contains("My API").contains(c.fingerprint()).contains("repo read:org").contains("Active")
                .contains("Disconnect").doesNotContain(token);

        var revoked = browser.form("/connections", "/connections/" + c.id() + "/disconnect", Map.of());
        assertThat(revoked.header("Location")).contains("connection-revoked");
        assertThat(browser.get("/connections").body()).contains("Revoked").contains("Remove");
        assertThat(browser.form("/connections", "/connections/" + c.id() + "/disconnect", Map.of()).header("Location"))
                .contains("connection-removed");
        assertThat(browser.get("/connections").body()).contains("id=\"connections-empty\"");
    }

    @Test
    void membersSeeTheListButNoFormsAndAnotherOrganizationGets404() {
        Tenant owner = Tenant.signUp(port);
        ConnectionId id = ConnectionFixtures.create(connections, owner.org(), owner.user());
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json().get("token").asString();
        Http member = new Http(port);
        member.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", "m-" + UUID.randomUUID() + "@example.test", "password", "member password 1"));
        var page = member.get("/connections");
        assertThat(page.body()).contains("Fixture API").doesNotContain("id=\"form-http-api\"").doesNotContain("/disconnect");
        assertThat(member.form("/connections", "/connections/" + id + "/disconnect", Map.of()).status()).isEqualTo(403);

        Tenant stranger = Tenant.signUp(port);
        assertThat(stranger.browser().form("/connections", "/connections/" + id + "/disconnect", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.browser().form("/connections", "/connections/" + id + "/verify", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.browser().get("/connections").body()).doesNotContain("Fixture API");
        assertThat(connections.get(owner.org(), id).status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    private static void assertEveryFieldHasALabel(String html) {
        Set<String> labelled = new HashSet<>();
        Matcher labels = Pattern.compile("<label[^>]*for=\"([^\"]+)\"").matcher(html);
        while (labels.find()) {
            labelled.add(labels.group(1));
        }
        Matcher fields = Pattern.compile("<(input|select|textarea)(?![^>]*type=\"hidden\")[^>]*id=\"([^\"]+)\"").matcher(html);
        int n = 0;
        while (fields.find()) {
            n++;
            assertThat(labelled).as("label for " + fields.group(2)).contains(fields.group(2));
        }
        assertThat(n).isGreaterThan(10);
        Matcher ids = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(html);
        Set<String> seen = new HashSet<>();
        while (ids.find()) {
            assertThat(seen.add(ids.group(1))).as("unique id " + ids.group(1)).isTrue();
        }
    }
}

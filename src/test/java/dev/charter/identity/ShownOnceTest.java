package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Creating an API token or an invitation on a page redirects after the POST: the page it goes to shows the one-time
 * value once, to the session that made it, and a reload shows it no more and creates nothing.
 */
@CharterTest
class ShownOnceTest {

    @LocalServerPort int port;

    private static final Pattern TOKEN = Pattern.compile("id=\"new-token\">([^<]+)<");

    @Test
    void aNewTokenIsShownOnceAfterTheRedirectAndAReloadCreatesNoSecondOne() {
        Tenant t = Tenant.signUp(port);
        int before = t.browser().get("/api/v1/account/tokens").json().size();
        var created = t.browser().form("/account", "/account/tokens", Map.of("name", "deploy"));
        assertThat(created.status()).isEqualTo(302);
        String location = created.header("Location");
        assertThat(location).matches(".*/account\\?created=[A-Za-z0-9_-]{20,}#tokens");
        String path = location.substring(location.indexOf("/account"), location.indexOf('#'));

        Tenant stranger = Tenant.signUp(port);
        assertThat(stranger.browser().get(path).body()).contains("id=\"new-token-gone\"").doesNotContain("id=\"new-token\"");

        String first = t.browser().get(path).body();
        Matcher m = TOKEN.matcher(first);
        assertThat(m.find()).as("the token is shown").isTrue();
        String secret = m.group(1).strip();
        assertThat(secret).isNotBlank().doesNotContain(location.substring(location.indexOf('=') + 1, location.indexOf('#')));

        String reload = t.browser().get(path).body();
        assertThat(reload).contains("id=\"new-token-gone\"").doesNotContain(secret);
        assertThat(t.browser().get("/api/v1/account/tokens").json().size()).isEqualTo(before + 1);
        assertThat(new dev.charter.testing.Http(port).bearer(secret).get("/api/v1/account/tokens").status()).isEqualTo(200);

        var refused = t.browser().form("/account", "/account/tokens", Map.of("name", ""));
        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void anInvitationLinkIsShownOnceWithACopyButton() {
        Tenant t = Tenant.signUp(port);
        var created = t.browser().form("/organization", "/organization/invitations", Map.of("role", "MEMBER", "email", ""));
        assertThat(created.status()).isEqualTo(302);
        String location = created.header("Location");
        assertThat(location).matches(".*/organization\\?invited=[A-Za-z0-9_-]{20,}#invitations");
        String path = location.substring(location.indexOf("/organization"), location.indexOf('#'));
        String first = t.browser().get(path).body();
        assertThat(first).contains("id=\"invite-link\"", "/invite/", "data-copy=\"#invite-link\"", "id=\"copy-status\"");
        String link = first.substring(first.indexOf("/invite/"), first.indexOf('"', first.indexOf("/invite/")));
        String reload = t.browser().get(path).body();
        assertThat(reload).contains("id=\"invite-link-gone\"").doesNotContain(link);
    }
}

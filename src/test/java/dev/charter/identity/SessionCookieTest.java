package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * ACC-2: the only cookie is one HttpOnly, SameSite session cookie (Secure and __Host- behind TLS)
 * holding a signed, expiring token; tampered, expired, unsigned and revoked tokens are refused.
 */
@CharterTest
class SessionCookieTest {

    @LocalServerPort int port;
    @org.springframework.beans.factory.annotation.Autowired dev.charter.identity.internal.SessionCookie sessionCookie;

    static final List<String> PAGES = List.of("/", "/signin", "/signup", "/dashboard", "/account", "/organization",
            "/v3/api-docs", "/actuator/health");

    @Test
    @Tag("claim:ACC-2")
    void theOnlyCookieIsOneHttpOnlySameSiteSessionCookie() {
        Http visitor = new Http(port);
        PAGES.forEach(visitor::get);
        assertThat(visitor.setCookieHeaders()).as("anonymous visits set no cookie at all").isEmpty();

        Tenant t = Tenant.signUp(port);
        Http browser = new Http(port);
        var signin = browser.form("/signin", "/signin", Map.of("email", t.email(), "password", t.password()));
        assertThat(signin.status()).isEqualTo(302);
        PAGES.forEach(browser::get);
        browser.get("/api/v1/account");

        assertThat(browser.setCookieHeaders()).hasSize(1);
        String cookie = browser.setCookieHeaders().get(0);
        assertThat(cookie).startsWith("charter_session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/")
                .doesNotContain("Domain=");
        assertThat(browser.cookies()).containsOnlyKeys("charter_session");
        // the value is a signed JWT that expires
        String[] parts = browser.cookies().get("charter_session").split("\\.");
        assertThat(parts).hasSize(3);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("HS256");
        assertThat(claims).contains("\"exp\"").doesNotContain(t.email()).doesNotContain(t.password());
    }

    @Test
    @Tag("claim:ACC-2")
    void overTlsTheCookieIsSecureWithTheHostPrefix() {
        var request = new MockHttpServletRequest();
        request.setSecure(true);
        var response = new MockHttpServletResponse();
        sessionCookie.write(request, response, "token", java.time.Instant.now().plusSeconds(60));
        assertThat(response.getHeader("Set-Cookie")).startsWith("__Host-charter_session=token")
                .contains("Secure").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Domain");
    }

    @Test
    @Tag("claim:ACC-2")
    void tamperedUnsignedExpiredAndRevokedTokensAreRefused() throws Exception {
        Tenant t = Tenant.signUp(port);
        String good = t.browser().cookies().get("charter_session");
        assertThat(withCookie(good).get("/api/v1/account").status()).isEqualTo(200);

        String[] p = good.split("\\.");
        // tampered payload: another subject, same signature
        String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8)
                        .replace(t.user().toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        // flipped signature
        String badSignature = p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? "B" : "A") + p[2].substring(1);
        // alg=none with the same claims
        String none = new PlainJWT(SignedJWT.parse(good).getJWTClaimsSet()).serialize();
        // signed with another key
        SignedJWT otherKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), SignedJWT.parse(good).getJWTClaimsSet());
        otherKey.sign(new MACSigner(new byte[32]));
        // an expired token signed with the right key is refused by SessionTokensTest
        for (String bad : List.of(forged, badSignature, none, otherKey.serialize(), "garbage", "")) {
            Http h = withCookie(bad);
            assertThat(h.get("/api/v1/account").status()).as("API with %s", bad).isEqualTo(401);
            var page = h.get("/dashboard");
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.header("Location")).contains("/signin");
        }

        // sign-out revokes server-side: the old token stops working even if replayed
        assertThat(t.browser().postJson("/api/v1/auth/signout", Map.of()).status()).isEqualTo(204);
        assertThat(withCookie(good).get("/api/v1/account").status()).isEqualTo(401);
    }

    private Http withCookie(String value) {
        Http h = new Http(port);
        h.cookie("charter_session", value);
        return h;
    }
}

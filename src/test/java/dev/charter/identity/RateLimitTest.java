package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** ACC-4: sign-in, sign-up and password change are rate limited with 429 and Retry-After. */
@CharterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {
        "charter.identity.signin-per-minute=3",
        "charter.identity.signup-per-hour=5",
        "charter.identity.password-change-per-hour=2"})
class RateLimitTest {

    @LocalServerPort int port;

    @Test
    @Order(1)
    @Tag("claim:ACC-4")
    void signinIsLimitedPerEmail() {
        Tenant t = Tenant.signUp(port);
        Http h = new Http(port);
        for (int i = 0; i < 3; i++) {
            assertThat(h.postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", "wrong password!"))
                    .status()).isEqualTo(401);
        }
        var limited = h.postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", t.password()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.json().get("detail").asString()).contains("Try again in");
        // the page form is limited by the same bucket
        var page = h.form("/signin", "/signin", Map.of("email", t.email(), "password", t.password()));
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Retry-After")).isNotNull();
    }

    /** Runs last: the two tests before it used two of the five sign-ups this address has per hour. */
    @Test
    @Order(3)
    @Tag("claim:ACC-4")
    void signupIsLimitedPerAddress() {
        int created = 0;
        Http h = new Http(port);
        Http.Response last = null;
        for (int i = 0; i < 6; i++) {
            last = h.postJson("/api/v1/auth/signup", Map.of("email", "rl-" + UUID.randomUUID() + "@example.test",
                    "password", "a long enough password", "organization", "RL"));
            if (last.status() == 201) {
                created++;
            } else {
                break;
            }
        }
        assertThat(created).isEqualTo(3);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
    }

    @Test
    @Order(2)
    @Tag("claim:ACC-4")
    void passwordChangeIsLimitedPerUser() {
        Http h = new Http(port);
        var r = h.postJson("/api/v1/auth/signup", Map.of("email", "pw-" + UUID.randomUUID() + "@example.test",
                "password", "a long enough password", "organization", "PW"));
        assertThat(r.status()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            assertThat(h.postJson("/api/v1/account/password", Map.of("currentPassword", "not it at all",
                    "newPassword", "another long password", "confirmPassword", "another long password")).status())
                    .isEqualTo(400);
        }
        var limited = h.postJson("/api/v1/account/password", Map.of("currentPassword", "a long enough password",
                "newPassword", "another long password", "confirmPassword", "another long password"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
    }
}

package dev.charter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A person's whole account journey in a real Chromium: sign up, out, in, change password, delete. */
@CharterTest
@Tag("browser")
class AccountJourneyBrowserTest {

    @LocalServerPort int port;

    @Test
    @Tag("claim:ACC-2")
    @Tag("claim:ACC-5")
    void signUpSignOutSignInChangePasswordDelete() {
        String base = "http://127.0.0.1:" + port;
        String email = "browser-" + UUID.randomUUID() + "@example.test";
        try (Browser b = new Browser()) {
            Page page = b.page;
            page.navigate(base + "/");
            b.screenshot("landing");
            page.click("#nav-signup");
            page.fill("#organization", "Browser Org");
            page.fill("#email", email);
            page.fill("#password", "first password 123");
            page.fill("#displayName", "Bea Browser");
            page.click("#signup-submit");
            assertThat(page).hasURL(base + "/dashboard");
            assertThat(page.locator("#section-pilots")).containsText("No Pilots yet");
            b.screenshot("dashboard");

            List<Cookie> cookies = b.context().cookies();
            assertThat(cookies).hasSize(1);
            assertThat(cookies.get(0).name).isEqualTo("charter_session");
            assertThat(cookies.get(0).httpOnly).isTrue();
            assertThat(page.evaluate("document.cookie")).isEqualTo("");

            page.click("#signout");
            assertThat(page.locator("#signed-out")).isVisible();
            assertThat(b.context().cookies()).isEmpty();

            page.fill("#email", email);
            page.fill("#password", "wrong password 123");
            page.click("#signin-submit");
            assertThat(page.locator("#signin-error")).isVisible();
            page.fill("#password", "first password 123");
            page.click("#signin-submit");
            assertThat(page).hasURL(base + "/dashboard");

            page.navigate(base + "/account");
            page.fill("#currentPassword", "first password 123");
            page.fill("#newPassword", "short");
            page.fill("#confirmPassword", "short");
            page.click("#password-save");
            assertThat(page.locator("#newPassword-error")).containsText("at least 10");
            b.screenshot("account-error");
            page.fill("#currentPassword", "first password 123");
            page.fill("#newPassword", "second password 456");
            page.fill("#confirmPassword", "second password 456");
            page.click("#password-save");
            assertThat(page.locator("#flash")).containsText("password is changed");

            page.click("#signout");
            page.fill("#email", email);
            page.fill("#password", "first password 123");
            page.click("#signin-submit");
            assertThat(page.locator("#signin-error")).isVisible();
            page.fill("#password", "second password 456");
            page.click("#signin-submit");
            assertThat(page).hasURL(base + "/dashboard");
            assertThat(b.context().cookies()).hasSize(1);

            page.navigate(base + "/account");
            b.screenshot("account");
            page.fill("#confirmation", email);
            page.click("#delete-account");
            assertThat(page.locator("#account-deleted")).isVisible();
            assertThat(b.context().cookies()).isEmpty();

            page.fill("#email", email);
            page.fill("#password", "second password 456");
            page.click("#signin-submit");
            assertThat(page.locator("#signin-error")).isVisible();
        }
    }
}

package dev.charter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A form sent after signing out, or out and in again, in another tab keeps what was typed: the page says why and
 * sends it again with the current sign-in, for full submissions and for the editor's in-place actions alike.
 */
@CharterTest
@Tag("browser")
class StaleSessionBrowserTest {

    @LocalServerPort int port;

    private static void signIn(Page page, String base, Tenant t) {
        page.navigate(base + "/signin");
        page.fill("#email", t.email());
        page.fill("#password", t.password());
        page.click("#signin-submit");
        assertThat(page).hasURL(base + "/dashboard");
    }

    private static void signOut(Page page, String base) {
        page.navigate(base + "/dashboard");
        page.click("#signout");
    }

    @Test
    void aDraftSentAfterSigningOutAndInElsewhereIsKeptAndSentAgain() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        try (Browser b = new Browser()) {
            Page editor = b.page;
            signIn(editor, base, t);
            editor.navigate(base + "/pilots/new");
            editor.fill("#title", "Drafted before the sign-in changed");
            editor.fill("#description", "typed with care");

            Page other = b.context().newPage();
            signOut(other, base);
            signIn(other, base, t);

            editor.click("#pilot-save");
            assertThat(editor.locator("#resend-reason")).containsText("signed out and in again");
            assertThat(editor.locator("#resend-form input[name=title]")).hasValue("Drafted before the sign-in changed");
            assertThat(editor.locator("body")).not().containsText("\"status\"");
            assertThat(editor.locator("#nav-account")).isVisible();
            b.screenshot("stale-session-resend");
            editor.click("#resend-submit");
            assertThat(editor.locator("#pilot-title")).hasText("Drafted before the sign-in changed");
        }
        assertThat(t.api().get("/api/v1/pilots").json().size()).isEqualTo(1);
    }

    @Test
    void signedOutElsewhereTheDraftWaitsForSignInAndAnInPlaceActionKeepsItToo() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        try (Browser b = new Browser()) {
            Page editor = b.page;
            signIn(editor, base, t);
            editor.navigate(base + "/pilots/new");
            editor.fill("#title", "Kept while signed out");
            editor.selectOption("#newStepKind", "transform");

            Page other = b.context().newPage();
            signOut(other, base);

            editor.click("#add-step");
            assertThat(editor.locator("#resend-reason")).containsText("You are signed out");
            assertThat(editor.locator("#resend-form input[name=title]")).hasValue("Kept while signed out");
            assertThat(editor.locator("#resend-form input[name=action]")).hasValue("add");

            signIn(other, base, t);
            editor.click("#resend-submit");
            assertThat(editor.locator("#title")).hasValue("Kept while signed out");
            assertThat(editor.locator("#steps-0-name")).hasValue("transform1");
            editor.fill("#steps-0-config-expression", "1");
            editor.click("#pilot-save");
            assertThat(editor.locator("#pilot-title")).hasText("Kept while signed out");
        }
    }
}

package dev.charter.testing;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Chromium driven by Playwright: Debian's chromium at /usr/bin/chromium (or
 * {@code CHARTER_CHROMIUM}), started headless with no background networking so it talks only to
 * the Charter under test. Close it after use.
 */
public final class Browser implements AutoCloseable {

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    private final BrowserContext context;
    public final Page page;

    public Browser() {
        String executable = System.getenv().getOrDefault("CHARTER_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(executable))) {
            throw new IllegalStateException("Chromium not found at " + executable
                    + ". Install it (apt-get install -y chromium) or set CHARTER_CHROMIUM.");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(executable))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage")));
        context = browser.newContext(new NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.setDefaultTimeout(15_000);
    }

    /** Signs in on {@code base}'s sign-in page as a person would. */
    public Browser signIn(String base, String email, String password) {
        page.navigate(base + "/signin");
        page.fill("#email", email);
        page.fill("#password", password);
        page.click("#signin-submit");
        return this;
    }

    public BrowserContext context() {
        return context;
    }

    /** Saves a screenshot under target/screenshots for a person to look at. */
    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        context.close();
        browser.close();
        playwright.close();
    }
}

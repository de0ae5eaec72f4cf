package dev.charter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.charter.testing.Browser;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** At phone width (390 px) no page scrolls sideways, with long names and connections on it. */
@CharterTest
@Tag("browser")
class PhoneWidthBrowserTest {

    @LocalServerPort int port;

    @Test
    void noPageScrollsSidewaysOnAPhone() {
        String base = "http://127.0.0.1:" + port;
        Tenant t = Tenant.signUp(port);
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "Orders API of the warehouse team",
                "baseUrl", "https://api.orders-of-the-warehouse.example.test/v1/with/a/long/path", "authScheme", "BEARER",
                "secret", "tok", "scopes", List.of("orders:read", "orders:write"))).status()).isEqualTo(201);
        try (Browser b = new Browser()) {
            List<Cookie> cookies = new ArrayList<>();
            t.browser().cookies().forEach((name, value) -> cookies.add(new Cookie(name, value).setUrl(base)));
            b.context().addCookies(cookies);
            Page page = b.page;
            page.setViewportSize(390, 844);
            List<String> wide = new ArrayList<>();
            for (String path : List.of("/connections", "/audit", "/account", "/organization", "/pilots", "/ai")) {
                page.navigate(base + path);
                int width = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
                if (width > 390) {
                    wide.add(path + " is " + width + " px wide");
                }
                b.screenshot("phone" + path.replace('/', '-'));
            }
            assertThat(wide).isEmpty();

            // on a desktop the audit log keeps each time and object id on one line
            page.setViewportSize(1280, 900);
            page.navigate(base + "/audit");
            var when = page.locator("#audit-events tbody tr td time").first().boundingBox();
            var action = page.locator("#audit-events tbody tr td code").first().boundingBox();
            b.screenshot("audit-desktop");
            assertThat(when.height).as("the time is one line").isLessThan(action.height * 1.6);
        }
    }
}

package dev.charter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Representative failures (no such route, a malformed path, the wrong method, a value of the wrong type, malformed
 * and too deeply nested JSON, an unsupported content type, a CSRF failure) answer a problem detail on the API and on
 * delivery URLs, and the HTML error page on pages; each says what was wrong and none names a class, a parser
 * setting, or echoes the token it refused.
 */
@CharterTest
class ErrorShapeTest {

    /** What an answer must never contain: class and package names, parser settings, exception names. */
    static final Pattern INTERNAL = Pattern.compile(
            "tools\\.jackson|com\\.fasterxml|java\\.lang|java\\.util|springframework|org\\.apache|dev\\.charter\\.|"
                    + "StreamReadConstraints|JsonReadFeature|JsonToken|Exception|JSonata|\\bat [a-z]+\\.[a-z]+\\.");

    @LocalServerPort int port;

    @Test
    void apiAndDeliveryFailuresAreProblemDetailsThatSayWhatWasWrong() {
        Tenant t = Tenant.signUp(port);
        Http api = t.api();
        String pilot = PilotFixtures.pilotOf(t);
        String delivery = api.get("/api/v1/pilots/" + pilot).json().get("deliveryPath").asString();
        List<String> failures = new ArrayList<>();

        expect(failures, "unknown route", api.get("/api/v1/no-such-thing"), 404, null);
        expect(failures, "empty path segment", api.get("/api/v1/pilots//runs"), 400, null);
        expect(failures, "GET on a delivery URL", new Http(port).get(delivery), 405, null);
        expect(failures, "PUT on a POST-only route", api.json("PUT", "/api/v1/account/tokens", Map.of("name", "x")), 405, null);
        expect(failures, "id of the wrong type", api.get("/api/v1/pilots/not-a-uuid"), 400, "pilotId");
        expect(failures, "query parameter of the wrong type", api.get("/api/v1/pilots/" + pilot + "/runs?limit=many"), 400, "limit");
        expect(failures, "body value of the wrong type", api.postJson("/api/v1/account/tokens", Map.of("name", Map.of("a", 1))),
                400, "/name");
        expect(failures, "malformed JSON", raw(api, "POST", "/api/v1/account/tokens", "application/json", "{\"name\": tru"), 400, "body");
        expect(failures, "JSON nested too deeply", raw(api, "POST", "/api/v1/account/tokens", "application/json",
                "[".repeat(1000) + "]".repeat(1000)), 400, "body");
        expect(failures, "JSON with a comment", raw(api, "POST", "/api/v1/account/tokens", "application/json",
                "{/* no */\"name\": \"x\"}"), 400, "body");
        expect(failures, "unsupported media type", raw(api, "POST", "/api/v1/account/tokens", "application/xml", "<name/>"), 415, null);
        expect(failures, "not acceptable", api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/account"))
                .header("Accept", "image/png").GET()), 406, null);
        expect(failures, "malformed delivery", raw(new Http(port), "POST", delivery, "application/json", "{\"a\": [1, }"), 400, "body");
        expect(failures, "unknown delivery URL", new Http(port).postJson("/hooks/" + UUID.randomUUID() + "/x", Map.of()), 404, null);

        // a form-encoded API call from a browser session needs the CSRF token; a wrong one is refused without echoing it
        String forged = "forged-" + UUID.randomUUID();
        Http browser = t.browser();
        var csrf = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + "/api/v1/account/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", browser.base())
                .header("X-CSRF-TOKEN", forged).POST(HttpRequest.BodyPublishers.ofString("name=x&_csrf=" + forged)));
        expect(failures, "CSRF failure on the API", csrf, 403, null);
        assertThat(csrf.body()).doesNotContain(forged);

        assertThat(failures).isEmpty();
    }

    @Test
    void pagesGetTheHtmlErrorPageWithoutInternals() {
        Tenant t = Tenant.signUp(port);
        Http browser = t.browser();
        String forged = "forged-" + UUID.randomUUID();
        var csrf = browser.formRaw("/account/tokens", Map.of("name", "x", "_csrf", forged));
        assertThat(csrf.status()).isEqualTo(403);
        assertThat(csrf.header("Content-Type")).startsWith("text/html");
        // a page form with a stale token gets the page that keeps the draft and says why (ADR 0092)
        assertThat(csrf.body()).containsAnyOf("security token", "signed in again", "Send again").doesNotContain(forged);
        assertThat(INTERNAL.matcher(csrf.body()).find()).as(csrf.body()).isFalse();

        var missing = browser.get("/pilots/" + UUID.randomUUID() + "/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");

        var wrongMethod = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + "/account")).header("Origin", browser.base())
                .DELETE());
        assertThat(wrongMethod.status()).isIn(403, 405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("text/html");
        assertThat(INTERNAL.matcher(wrongMethod.body()).find()).as(wrongMethod.body()).isFalse();
    }

    private static Http.Response raw(Http http, String method, String path, String type, String body) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void expect(List<String> failures, String what, Http.Response r, int status, String field) {
        String body = r.body();
        if (r.status() != status) {
            failures.add(what + ": expected " + status + ", got " + r.status() + " " + body);
        } else if (!String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")) {
            failures.add(what + ": " + r.header("Content-Type") + " " + body);
        } else if (r.json().path("detail").asString("").isBlank() || r.json().path("title").asString("").isBlank()) {
            failures.add(what + ": no title or detail: " + body);
        } else if (INTERNAL.matcher(body).find()) {
            failures.add(what + ": names internals: " + body);
        } else if (field != null && !r.json().path("errors").has(field)) {
            failures.add(what + ": does not name " + field + ": " + body);
        }
    }
}

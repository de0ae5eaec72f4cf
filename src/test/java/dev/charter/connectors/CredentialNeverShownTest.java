package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressRequest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import dev.charter.vault.Vault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * VLT-3: a saved credential is never shown again. Canary credentials of every kind are saved (and some refused)
 * through the API and the page; then every connections endpoint is called, and every answer, every log line and
 * every text, json and bytea column of the database is searched for them. The stand-in egress gateway behaves as
 * badly as a gateway could: its error messages repeat the credential, so the connections module's own defences
 * are what is tested.
 */
@CharterTest
@Import(FakeEgress.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class CredentialNeverShownTest {

    @LocalServerPort int port;
    @Autowired FakeEgress egress;
    @Autowired Vault vault;
    @Autowired Connections connections;
    @Autowired DatabaseTarget db;

    private final List<Http.Response> answers = new ArrayList<>();

    private Http.Response keep(Http.Response r) {
        answers.add(r);
        return r;
    }

    private static String canary(String kind) {
        return "CANARY" + kind + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    @Tag("claim:VLT-3")
    @Tag("claim:REV-2")
    void noAnswerLogLineOrColumnShowsASavedCredential(CapturedOutput output) {
        Tenant t = Tenant.signUp(port);
        Http api = t.api();
        Http browser = t.browser();
        Map<String, String> canaries = new LinkedHashMap<>();
        canaries.put("bearer", canary("bearer"));
        canaries.put("header", canary("header"));
        canaries.put("password", canary("password"));
        canaries.put("webhookPath", canary("hook"));
        canaries.put("fernetPlain", canary("fernet"));
        canaries.put("pageSecret", canary("page"));
        canaries.put("refused", canary("refused"));
        Key fernetKey = Key.generateKey();
        String fernetToken = Token.generate(fernetKey, canaries.get("fernetPlain")).serialise();
        canaries.put("fernetToken", fernetToken);
        canaries.put("fernetKey", fernetKey.serialise());
        String webhookUrl = "https://hooks.chat.example/services/" + canaries.get("webhookPath");

        // the worst gateway: every answer is a failure that repeats the credential it attached
        egress.answer(r -> {
            String plain = vault.useSecret(r.org(), r.credential().ref(), s -> new String(s.bytes(), StandardCharsets.UTF_8));
            throw new EgressFailedException("connection to " + (r.url() == null ? plain : r.url() + " with " + plain)
                    + " refused; " + plain, null);
        });

        List<String> ids = new ArrayList<>();
        ids.add(create(api, http("bearer", "BEARER", canaries.get("bearer"), null)));
        Map<String, Object> header = http("header", "HEADER", canaries.get("header"), null);
        header.put("headerName", "X-Api-Key");
        ids.add(create(api, header));
        Map<String, Object> basic = http("basic", "BASIC", canaries.get("password"), null);
        basic.put("username", "deploy");
        ids.add(create(api, basic));
        ids.add(create(api, Map.of("kind", "INCOMING_WEBHOOK", "label", "hook", "webhookUrl", webhookUrl)));
        Map<String, Object> fernet = http("fernet", "BEARER", null, null);
        fernet.put("fernetToken", fernetToken);
        fernet.put("fernetKey", fernetKey.serialise());
        ids.add(create(api, fernet));
        // the page form, too
        var pageCreate = keep(browser.form("/connections", "/connections", Map.of("kind", "HTTP_API", "label", "page",
                "baseUrl", "https://page.example", "authScheme", "BEARER", "secret", canaries.get("pageSecret"))));
        assertThat(pageCreate.status()).isEqualTo(302);

        // refusals that carry a credential: live check fails before saving, bad fields, malformed bodies, page errors
        Map<String, Object> verifyFails = http("refused", "BEARER", canaries.get("refused"), null);
        verifyFails.put("verify", true);
        assertThat(keep(api.postJson("/api/v1/connections", verifyFails)).status()).isEqualTo(400);
        Map<String, Object> hookVerifyFails = new HashMap<>(Map.of("kind", "INCOMING_WEBHOOK", "label", "h2",
                "webhookUrl", webhookUrl + "x", "verify", true));
        assertThat(keep(api.postJson("/api/v1/connections", hookVerifyFails)).status()).isEqualTo(400);
        Map<String, Object> badHeader = http("bad", "HEADER", canaries.get("refused"), null);
        badHeader.put("headerName", canaries.get("refused"));
        badHeader.put("secret", canaries.get("bearer") + "\n");
        assertThat(keep(api.postJson("/api/v1/connections", badHeader)).status()).isEqualTo(400);
        for (String raw : List.of("{\"kind\":\"HTTP_API\",\"secret\":{\"nested\":\"" + canaries.get("bearer") + "\"}}",
                "{\"kind\":\"WRONG\",\"secret\":\"" + canaries.get("bearer") + "\"}",
                "{\"kind\":\"HTTP_API\",\"verify\":\"" + canaries.get("bearer") + "\"}",
                "kind=" + canaries.get("bearer"))) {
            var r = keep(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/connections"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(raw))));
            assertThat(r.status()).as(raw).isEqualTo(400);
        }
        var pageError = keep(browser.form("/connections", "/connections", Map.of("kind", "HTTP_API", "label", "",
                "baseUrl", "http://insecure.example", "authScheme", "BEARER", "secret", canaries.get("bearer"),
                "fernetToken", fernetToken, "fernetKey", fernetKey.serialise())));
        assertThat(pageError.status()).isEqualTo(400);
        var hookPageError = keep(browser.form("/connections", "/connections", Map.of("kind", "INCOMING_WEBHOOK",
                "label", "", "webhookUrl", webhookUrl)));
        assertThat(hookPageError.status()).isEqualTo(400);

        // every endpoint, after saving
        List<Connection> saved = connections.list(t.org());
        assertThat(saved).hasSize(6);
        keep(api.get("/api/v1/connections"));
        keep(browser.get("/connections"));
        for (Connection c : saved) {
            keep(api.get("/api/v1/connections/" + c.id()));
            assertThat(keep(api.postJson("/api/v1/connections/" + c.id() + "/verify", Map.of())).json()
                    .get("status").asString()).isEqualTo("FAILED_VERIFICATION");
            keep(browser.form("/connections", "/connections/" + c.id() + "/verify", Map.of()));
        }
        keep(api.get("/api/v1/connections"));
        keep(browser.get("/connections"));
        keep(api.get("/v3/api-docs"));

        // positive control: the canaries really are stored, and egress really was handed them
        assertThat(saved).extracting(c -> vault.useSecret(t.org(), c.credential(),
                s -> new String(s.bytes(), StandardCharsets.UTF_8)))
                .contains(canaries.get("bearer"), canaries.get("header"), "deploy:" + canaries.get("password"), webhookUrl,
                        canaries.get("fernetPlain"), canaries.get("pageSecret"));
        assertThat(egress.requests).extracting(EgressRequest::credential).extracting(CredentialUse::placement)
                .contains(CredentialUse.Placement.URL, CredentialUse.Placement.BASIC, CredentialUse.Placement.HEADER);
        assertThat(answers.stream().filter(r -> r.body().contains("FAILED_VERIFICATION"))).isNotEmpty();
        assertThat(answers.stream().filter(r -> r.body().contains("[credential]"))).isNotEmpty();

        // disconnect, then look again
        for (Connection c : saved) {
            keep(api.delete("/api/v1/connections/" + c.id()));
        }
        keep(api.get("/api/v1/connections"));
        keep(browser.get("/connections"));

        DatabaseScan scan = new DatabaseScan(db);
        for (var canary : canaries.entrySet()) {
            for (Http.Response r : answers) {
                assertThat(r.body()).as("answer %s for %s", r.status(), canary.getKey()).doesNotContain(canary.getValue());
                assertThat(r.headers().toString()).as("headers for " + canary.getKey()).doesNotContain(canary.getValue());
            }
            assertThat(output.getAll()).as("log lines for " + canary.getKey()).doesNotContain(canary.getValue());
            assertThat(scan.find(canary.getValue())).as("columns holding " + canary.getKey()).isEmpty();
        }
    }

    private Map<String, Object> http(String label, String scheme, String secret, String verifyPath) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "HTTP_API");
        body.put("label", label);
        body.put("baseUrl", "https://api.example/v1");
        body.put("authScheme", scheme);
        if (secret != null) {
            body.put("secret", secret);
        }
        if (verifyPath != null) {
            body.put("verifyPath", verifyPath);
        }
        return body;
    }

    private String create(Http api, Map<String, Object> body) {
        var r = keep(api.postJson("/api/v1/connections", body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}

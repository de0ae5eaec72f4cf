package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * PIL-2 for the senders people bring: a Pilot that checks GitHub's, Stripe's, Slack's, Shopify's or the Standard
 * Webhooks signature accepts a delivery signed exactly as that sender documents it, and answers a wrong signature, a
 * stale timestamp and a missing signing secret alike (404, nothing stored); a replayed delivery repeats the first
 * answer and starts no second run. Slack's URL check and GitHub's ping are answered without a run.
 */
@CharterTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SenderSignatureSchemesTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;
    @Autowired dev.charter.storage.DatabaseTarget database;

    private Tenant tenant;

    @BeforeAll
    void signUp() {
        tenant = Tenant.signUp(port);
    }

    /** A delivery as a sender would send it: its signing headers for a body, at a time. */
    interface Signer {
        Map<String, String> headers(String secret, byte[] body, long epochSeconds, String deliveryId) throws Exception;
    }

    private static final Map<String, Signer> SENDERS = new LinkedHashMap<>();

    static {
        SENDERS.put("github", (secret, body, t, id) -> Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(bytes(secret), body)),
                "X-GitHub-Event", "push", "X-GitHub-Delivery", id));
        SENDERS.put("stripe", (secret, body, t, id) -> Map.of("Stripe-Signature",
                "t=" + t + ",v1=" + hex(hmac(bytes(secret), bytes(t + "."), body)) + ",v0=00"));
        SENDERS.put("slack", (secret, body, t, id) -> Map.of("X-Slack-Request-Timestamp", Long.toString(t),
                "X-Slack-Signature", "v0=" + hex(hmac(bytes(secret), bytes("v0:" + t + ":"), body))));
        SENDERS.put("shopify", (secret, body, t, id) -> Map.of("X-Shopify-Hmac-Sha256",
                Base64.getEncoder().encodeToString(hmac(bytes(secret), body)), "X-Shopify-Webhook-Id", id));
        SENDERS.put("standard-webhooks", (secret, body, t, id) -> Map.of("webhook-id", id, "webhook-timestamp", Long.toString(t),
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(
                        hmac(Base64.getDecoder().decode(secret.substring(6)), bytes(id + "." + t + "."), body))));
    }

    private static String secretFor(String scheme) {
        return switch (scheme) {
            case "stripe" -> "whsec_" + UUID.randomUUID().toString().replace("-", "");
            case "standard-webhooks" -> "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
            default -> "signing-" + UUID.randomUUID();
        };
    }

    @Test
    @Tag("claim:PIL-2")
    void everySchemeAcceptsItsSenderAndRefusesWrongStaleAndReplayed() throws Exception {
        for (var sender : SENDERS.entrySet()) {
            String scheme = sender.getKey();
            Signer sign = sender.getValue();
            JsonNode pilot = pilot(scheme);
            String id = pilot.get("id").asString();
            String path = pilot.get("deliveryPath").asString();
            assertThat(path).as(scheme + ": no secret in a signed Pilot's URL").isEqualTo("/hooks/" + id);
            String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
            String canary = "canary-" + scheme + "-" + UUID.randomUUID();
            byte[] body = ("{\"id\":\"" + eventId + "\",\"event_id\":\"" + eventId + "\",\"note\":\"" + canary + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            long now = clock.instant().getEpochSecond();
            String delivery = UUID.randomUUID().toString();

            // before the signing secret is set, even a well-signed delivery is refused like a wrong one
            String secret = secretFor(scheme);
            assertThat(post(path, body, sign.headers(secret, body, now, delivery)).status()).as(scheme).isEqualTo(404);

            var set = tenant.api().json("PUT", "/api/v1/pilots/" + id + "/signing-secret", Map.of("secret", secret));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("signingSecretSet").asBoolean()).isTrue();
            assertThat(set.body()).doesNotContain(secret);
            var page = tenant.browser().get("/pilots/" + id);
            assertThat(page.body()).contains("id=\"signing-secret-form\"", "A signing secret is set").doesNotContain(secret)
                    .doesNotContain("id=\"rotate-secret\"");

            String wrong = scheme.equals("standard-webhooks") ? secretFor(scheme) : secret + "x";
            assertThat(post(path, body, sign.headers(wrong, body, now, delivery)).status()).as(scheme + " wrong").isEqualTo(404);
            if (!scheme.equals("github") && !scheme.equals("shopify")) {
                assertThat(post(path, body, sign.headers(secret, body, now - 400, delivery)).status()).as(scheme + " stale")
                        .isEqualTo(404);
            }
            byte[] altered = new String(body, StandardCharsets.UTF_8).replace(canary, canary + "!").getBytes(StandardCharsets.UTF_8);
            var headers = sign.headers(secret, body, now, delivery);
            assertThat(post(path, altered, headers).status()).as(scheme + " body changed").isEqualTo(404);
            assertThat(runs(id)).as(scheme + ": nothing stored for a refusal").isZero();
            assertThat(new DatabaseScan(database).find(canary)).isEmpty();

            var first = post(path, body, headers);
            assertThat(first.status()).as(scheme + " " + first.body()).isEqualTo(202);
            var replay = post(path, body, headers);
            assertThat(replay.status()).as(scheme + " replay").isEqualTo(202);
            assertThat(replay.header("Idempotent-Replayed")).as(scheme).isEqualTo("true");
            assertThat(replay.json().get("run").asString()).isEqualTo(first.json().get("run").asString());
            assertThat(runs(id)).as(scheme + ": one run for a delivery sent twice").isEqualTo(1);

            // Charter's own secret does not open a Pilot that checks its sender's signature
            var charterWay = tenant.api().send(HttpRequest.newBuilder(URI.create(tenant.api().base() + path))
                    .header("Content-Type", "application/json").header("X-Charter-Secret", "anything")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(charterWay.status()).isEqualTo(404);
        }
    }

    @Test
    @Tag("claim:PIL-2")
    void slacksUrlCheckAndGithubsPingAreAnsweredWithoutARun() throws Exception {
        long now = clock.instant().getEpochSecond();
        JsonNode slack = pilot("slack");
        String slackSecret = secretFor("slack");
        tenant.api().json("PUT", "/api/v1/pilots/" + slack.get("id").asString() + "/signing-secret", Map.of("secret", slackSecret));
        byte[] check = "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}"
                .getBytes(StandardCharsets.UTF_8);
        var answer = post(slack.get("deliveryPath").asString(), check, SENDERS.get("slack").headers(slackSecret, check, now, null));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("challenge").asString()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(post(slack.get("deliveryPath").asString(), check, SENDERS.get("slack").headers("other-secret", check, now, null))
                .status()).as("an unsigned URL check is refused too").isEqualTo(404);
        assertThat(runs(slack.get("id").asString())).isZero();

        JsonNode github = pilot("github");
        String githubSecret = secretFor("github");
        tenant.api().json("PUT", "/api/v1/pilots/" + github.get("id").asString() + "/signing-secret", Map.of("secret", githubSecret));
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(SENDERS.get("github").headers(githubSecret, ping, now, UUID.randomUUID().toString()));
        headers.put("X-GitHub-Event", "ping");
        var pong = post(github.get("deliveryPath").asString(), ping, headers);
        assertThat(pong.status()).isEqualTo(200);
        assertThat(runs(github.get("id").asString())).isZero();
    }

    @Test
    void anUnknownSchemeIsRefusedWithItsField() {
        var r = tenant.api().postJson("/api/v1/pilots", Map.of("title", "Bad scheme", "trigger",
                Map.of("kind", "WEBHOOK", "verification", "paypal"), "steps", List.of()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("trigger.verification");
    }

    private JsonNode pilot(String scheme) {
        return create(tenant.api(), Map.of("title", "Signed by " + scheme, "trigger", Map.of("kind", "WEBHOOK", "verification", scheme),
                "steps", List.of(Map.of("kind", "transform", "name", "seen", "config", Map.of("expression", "trigger")))));
    }

    private Http.Response post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return new Http(port).send(b);
    }

    private long runs(String pilotId) {
        return jdbc.sql("select count(*) from pilots_run where pilot_id = ?").param(UUID.fromString(pilotId)).query(Long.class).single();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }
}

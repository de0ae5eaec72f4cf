package dev.charter.reviews.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.reviews.calls.internal.Attestation;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Shared by the call tests: one application context for all of them (the connections they make point at local fakes
 * over plain http, which only {@code charter.connectors.http-allowed-hosts} allows), the providers' fakes, and the steps
 * an admin takes: connect Zoom, Aircall and Teams, set the webhook secrets and domains, attest consent.
 */
@CharterTest
abstract class CallsTestBase {

    static final String ZOOM_WEBHOOK_SECRET = "zoom-webhook-secret-" + java.util.UUID.randomUUID();
    static final String AIRCALL_WEBHOOK_TOKEN = "aircall-webhook-token-" + java.util.UUID.randomUUID();

    static CallFakes fakes;

    @DynamicPropertySource
    static void callsSettings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
    }

    @BeforeAll
    static void startFakes() throws Exception {
        fakes = new CallFakes();
    }

    @AfterAll
    static void stopFakes() {
        fakes.close();
    }

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired DatabaseTarget database;

    /** A tenant whose domain is example.test, with Zoom, Aircall and Teams connected; call analysis still off. */
    Tenant connectedTenant() {
        Tenant t = Tenant.signUp(port);
        Http api = t.api();
        String zoom = create(api, body("kind", "ZOOM", "label", "Zoom", "baseUrl", fakes.base() + "/v2",
                "headerName", CallFakes.ZOOM_ACCOUNT, "username", CallFakes.ZOOM_CLIENT, "secret", CallFakes.ZOOM_SECRET,
                "verify", false));
        String aircall = create(api, body("kind", "AIRCALL", "label", "Aircall", "baseUrl", fakes.base() + "/v1",
                "username", CallFakes.AIRCALL_ID, "secret", CallFakes.AIRCALL_TOKEN, "verify", false));
        String teams = create(api, body("kind", "MS_TEAMS", "label", "Teams", "baseUrl", fakes.base() + "/v1.0",
                "headerName", CallFakes.GRAPH_TENANT, "username", CallFakes.GRAPH_CLIENT, "secret", CallFakes.GRAPH_SECRET,
                "verify", false));
        var set = api.json("PUT", "/api/v1/reviews/calls/connections", body("zoomConnection", zoom, "zoomSecret",
                ZOOM_WEBHOOK_SECRET, "aircallConnection", aircall, "aircallToken", AIRCALL_WEBHOOK_TOKEN, "teamsConnection", teams));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        var domains = api.json("PUT", "/api/v1/reviews/calls/domains", Map.of("domains", List.of("Example.TEST")));
        assertThat(domains.status()).as(domains.body()).isEqualTo(200);
        return t;
    }

    static void enable(Tenant t) {
        var r = t.api().postJson("/api/v1/reviews/calls/consent", Map.of("version", Attestation.VERSION, "confirm", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("enabled").asBoolean()).isTrue();
    }

    private static String create(Http api, Map<String, Object> body) {
        var r = api.postJson("/api/v1/connections", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A Zoom {@code recording.transcript_completed} event with a TRANSCRIPT file and (never to be read) MP4 and M4A files. */
    static String transcriptCompleted(String uuid, String hostEmail, String transcriptFile) {
        String base = fakes.base();
        return """
                {"event":"recording.transcript_completed","event_ts":1764496800000,"payload":{"account_id":"%s",
                 "object":{"uuid":"%s","id":81234567890,"account_id":"%s","host_id":"h1","host_email":"%s",
                  "topic":"Renewal call","type":2,"start_time":"2026-11-30T10:00:00Z","timezone":"UTC","duration":30,
                  "recording_files":[
                   {"id":"mp4-%s","recording_start":"2026-11-30T10:00:00Z","file_type":"MP4","file_extension":"MP4",
                    "download_url":"%s/rec/download/mp4-%s","status":"completed","recording_type":"shared_screen_with_speaker_view"},
                   {"id":"m4a-%s","file_type":"M4A","file_extension":"M4A","download_url":"%s/rec/download/m4a-%s",
                    "status":"completed","recording_type":"audio_only"},
                   {"id":"%s","file_type":"TRANSCRIPT","file_extension":"VTT","download_url":"%s/rec/download/%s",
                    "status":"completed","recording_type":"audio_transcript"}]}}}"""
                .formatted(CallFakes.ZOOM_ACCOUNT, uuid, CallFakes.ZOOM_ACCOUNT, hostEmail, uuid, base, uuid, uuid, base, uuid,
                        transcriptFile, base, transcriptFile);
    }

    /** Posts a Zoom webhook signed as Zoom signs it: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
    Http.Response zoomWebhook(Tenant t, String body, String secret, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        String signature = "v0=" + hmac(secret, "v0:" + ts + ":" + body);
        return new Http(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/calls/zoom/" + t.org()))
                .header("Content-Type", "application/json").header("x-zm-request-timestamp", ts)
                .header("x-zm-signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Http.Response aircallWebhook(Tenant t, String body) {
        return new Http(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/calls/aircall/" + t.org()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (generously) until the call is no longer pending, and answers it. */
    static JsonNode settled(Tenant t, String callId) {
        return org.awaitility.Awaitility.await("call " + callId + " settled").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var r = t.api().get("/api/v1/reviews/calls/" + callId);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    return r.json();
                }, call -> !call.get("status").asString().equals("PENDING"));
    }

    /** The id of the one call of the tenant with this provider's id. */
    static String callId(Tenant t, String provider, int expectedCount) {
        var list = t.api().get("/api/v1/reviews/calls");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).as(list.body()).isEqualTo(expectedCount);
        for (JsonNode c : list.json()) {
            if (c.get("provider").asString().equals(provider)) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no " + provider + " call in " + list.body());
    }
}

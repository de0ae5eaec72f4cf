package dev.charter.reviews.calls.internal;

import dev.charter.egress.InboundSignatures;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The call providers' webhooks. Zoom: every request carries {@code x-zm-signature: v0=<hex HMAC-SHA256 of
 * "v0:<x-zm-request-timestamp>:<body>" keyed with the app's secret token>}; the timestamp must lie within
 * {@link #REPLAY_WINDOW} of now; {@code endpoint.url_validation} is answered with the plain token and its HMAC;
 * {@code recording.transcript_completed} becomes a call. Aircall: the payload's {@code token} must equal the webhook's
 * token; {@code transcription.created} becomes a call. The secrets are checked inside egress
 * ({@link InboundSignatures}). While call analysis is off, a verified webhook is answered and nothing is stored.
 */
@Service
public class CallWebhooks {

    static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    private static final JsonMapper json = JsonMapper.builder().build();

    /** The answer to give the provider. */
    public record Answer(int status, Map<String, Object> body) {}

    private final CallSettingsRepository settings;
    private final Calls calls;
    private final InboundSignatures signatures;
    private final Clock clock;

    CallWebhooks(CallSettingsRepository settings, Calls calls, InboundSignatures signatures, Clock clock) {
        this.settings = settings;
        this.calls = calls;
        this.signatures = signatures;
        this.clock = clock;
    }

    public Answer zoom(String orgId, String timestamp, String signature, byte[] body) {
        OrgId org = org(orgId);
        CallSettings s = settings.get(org);
        if (s.zoomSecretId() == null || s.zoomConnectionId() == null) {
            throw new NotFoundException("Webhook");
        }
        if (!fresh(timestamp)) {
            return new Answer(401, Map.of("error", "The x-zm-request-timestamp is missing or outside the 5-minute window."));
        }
        byte[] signed = concat(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8), body);
        String expected = "v0=" + signatures.hmacSha256Hex(org, CallSettingsService.ref(org, s.zoomSecretId()), signed);
        if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return new Answer(401, Map.of("error", "The x-zm-signature does not match this webhook's secret token."));
        }
        JsonNode event = parse(body);
        String name = event.path("event").asString("");
        if (name.equals("endpoint.url_validation")) {
            String plain = event.path("payload").path("plainToken").asString("");
            if (plain.isEmpty() || plain.length() > 200) {
                return new Answer(400, Map.of("error", "payload.plainToken is missing."));
            }
            String encrypted = signatures.hmacSha256Hex(org, CallSettingsService.ref(org, s.zoomSecretId()),
                    plain.getBytes(StandardCharsets.UTF_8));
            return new Answer(200, Map.of("plainToken", plain, "encryptedToken", encrypted));
        }
        if (!name.equals("recording.transcript_completed")) {
            return new Answer(200, Map.of("status", "ignored"));
        }
        JsonNode object = event.path("payload").path("object");
        String uuid = object.path("uuid").asString("");
        JsonNode transcript = null;
        for (JsonNode f : object.path("recording_files")) {
            if ("TRANSCRIPT".equals(f.path("file_type").asString(""))) {
                transcript = f; // only the transcript file; audio and video files are never read
                break;
            }
        }
        if (uuid.isEmpty() || uuid.length() > 200 || transcript == null || transcript.path("download_url").asString("").isEmpty()) {
            return new Answer(200, Map.of("status", "ignored", "reason", "no meeting uuid or TRANSCRIPT file"));
        }
        ObjectNode job = json.createObjectNode().put("downloadUrl", transcript.path("download_url").asString());
        var id = calls.receive(org, "ZOOM", uuid, email(object.path("host_email").asString(null)),
                instant(object.path("start_time").asString(null)),
                object.path("duration").isNumber() ? object.path("duration").asInt() * 60 : null, job);
        return new Answer(200, Map.of("status", id.isPresent() ? "received" : "not stored"));
    }

    public Answer aircall(String orgId, byte[] body) {
        OrgId org = org(orgId);
        CallSettings s = settings.get(org);
        if (s.aircallTokenId() == null || s.aircallConnectionId() == null) {
            throw new NotFoundException("Webhook");
        }
        JsonNode event = parse(body);
        String token = event.path("token").asString(null);
        if (!signatures.matches(org, CallSettingsService.ref(org, s.aircallTokenId()), token)) {
            return new Answer(401, Map.of("error", "The payload's token is not this webhook's token."));
        }
        if (!"transcription.created".equals(event.path("event").asString(""))) {
            return new Answer(200, Map.of("status", "ignored"));
        }
        JsonNode callId = event.path("data").path("call_id");
        if (!callId.canConvertToLong()) {
            return new Answer(200, Map.of("status", "ignored", "reason", "no call_id"));
        }
        var id = calls.receive(org, "AIRCALL", Long.toString(callId.asLong()), null,
                instant(event.path("data").path("call_created_at").asString(null)), null, json.createObjectNode());
        return new Answer(200, Map.of("status", id.isPresent() ? "received" : "not stored"));
    }

    private boolean fresh(String timestamp) {
        if (timestamp == null || !timestamp.matches("\\d{9,14}")) {
            return false;
        }
        long v = Long.parseLong(timestamp);
        Instant at = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
        return Duration.between(at, clock.instant()).abs().compareTo(REPLAY_WINDOW) <= 0;
    }

    private static OrgId org(String id) {
        try {
            return new OrgId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Webhook");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n == null ? json.createObjectNode() : n;
        } catch (tools.jackson.core.JacksonException e) {
            return json.createObjectNode();
        }
    }

    private static String email(String v) {
        return v == null || v.isBlank() || v.length() > 320 ? null : v.strip();
    }

    private static Instant instant(String v) {
        try {
            return v == null || v.isBlank() ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

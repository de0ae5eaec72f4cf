package dev.charter.pilots.internal;

import dev.charter.egress.InboundSignatures;
import dev.charter.identity.RateLimiter;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.TextInput;
import dev.charter.shared.UserId;
import dev.charter.storage.CharterSettings;
import dev.charter.vault.CredentialUnreadableException;
import dev.charter.vault.SecretRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepting a delivery on a Pilot's URL (PIL-2, PIL-3). Order matters: the secret is checked
 * before anything else is looked at, an unknown Pilot and a wrong secret answer alike, and nothing
 * is stored unless every check passed.
 */
@Service
public class Deliveries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Refusals a sender can act on; the controller maps them to 400/404/409/413/415/429. */
    public static class PayloadTooLarge extends RuntimeException {
        public PayloadTooLarge(String m) {
            super(m);
        }
    }

    public static class UnsupportedType extends RuntimeException {
        public UnsupportedType(String m) {
            super(m);
        }
    }

    /** Nothing was stored because Charter could not take the delivery now (overloaded or stopping). */
    public static class Busy extends RuntimeException {
        public Busy(String m) {
            super(m);
        }
    }

    /** The idempotency key was used before, for this Pilot, with a different body; nothing was stored. */
    public static class KeyReused extends RuntimeException {
        public KeyReused(String m) {
            super(m);
        }
    }

    /**
     * What a delivery's answer says: its run, and whether it repeats an earlier delivery's answer (same key); or, for a
     * sender's handshake that starts no run (Slack's {@code url_verification}, GitHub's {@code ping}), the reply the
     * sender expects, with {@code run} null.
     */
    public record Accepted(UUID run, boolean replayed, Map<String, Object> handshake, Answer reply) {
        Accepted(UUID run, boolean replayed) {
            this(run, replayed, null, null);
        }

        Accepted(UUID run, boolean replayed, Map<String, Object> handshake) {
            this(run, replayed, handshake, null);
        }
    }

    /** The answer a reply step gave, for the waiting sender: status, headers and a JSON body (or text). */
    public record Answer(int status, Map<String, String> headers, Object body) {}

    private final PilotRepository pilots;
    private final DeliverySecrets secrets;
    private final DeliveryWriter writer;
    private final RateLimiter limiter;
    private final int maxPayloadBytes;
    private final RateLimiter.Limit perPilot;

    private final InboundSignatures signatures;
    private final Clock clock;
    private final Replies replies;
    private final Duration replyWait;

    Deliveries(PilotRepository pilots, DeliverySecrets secrets, DeliveryWriter writer, RateLimiter limiter, PilotsSettings settings,
               CharterSettings charter, InboundSignatures signatures, Clock clock, Replies replies) {
        this.replies = replies;
        this.replyWait = settings.replyWait();
        this.signatures = signatures;
        this.clock = clock;
        this.pilots = pilots;
        this.secrets = secrets;
        this.writer = writer;
        this.limiter = limiter;
        this.maxPayloadBytes = charter.maxPayloadBytes();
        this.perPilot = new RateLimiter.Limit("delivery", settings.deliveriesPerSecond(), Duration.ofSeconds(1));
    }

    /**
     * @param secret    the secret from the URL path or the X-Charter-Secret header, or null
     * @param signature the X-Charter-Signature header for senders that sign the body, or null
     * @param headers   looks the request's other headers up by name, for an idempotency key
     *                  ({@link IdempotencyKeys#HEADERS}); null when none
     * @return the queued run, or the run of an earlier delivery with the same idempotency key
     */
    public Accepted accept(UUID pilotId, String secret, String signature, String contentType, byte[] body,
                           java.util.function.UnaryOperator<String> headers) {
        var pilot = pilots.findForDelivery(pilotId).orElse(null);
        if (pilot == null || !authentic(pilot, secret, signature, body, headers)) {
            throw new NotFoundException("Delivery URL");
        }
        limiter.check(perPilot, pilotId.toString());
        if (!pilot.enabled()) {
            throw new ConflictException("This Pilot is disabled. Enable it to accept deliveries.");
        }
        if (!"WEBHOOK".equals(pilot.triggerKind())) {
            throw new ConflictException("This Pilot is not triggered by deliveries (its trigger is " + pilot.triggerKind() + ").");
        }
        if (body.length > maxPayloadBytes) {
            throw new PayloadTooLarge("The body has " + body.length + " bytes; a delivery may have at most "
                    + maxPayloadBytes + ".");
        }
        String payload = toJson(contentType, body);
        Map<String, Object> handshake = handshake(pilot.verification(), headers, payload);
        if (handshake != null) {
            return new Accepted(null, false, handshake);
        }
        String key = IdempotencyKeys.forDelivery(pilot.verification(), headers, payload);
        var accepted = writer.commit(new OrgId(pilot.orgId()), pilot.id(), new UserId(pilot.ownerId()), "WEBHOOK", payload, key);
        if (pilot.replies() && !replyWait.isZero()) {
            // committed first: whatever the wait brings, the delivery is not lost
            var reply = replies.await(accepted.run(), replyWait);
            if (reply.isPresent()) {
                return new Accepted(accepted.run(), accepted.replayed(), null,
                        new Answer(reply.get().status(), reply.get().headers(), reply.get().body()));
            }
        }
        return new Accepted(accepted.run(), accepted.replayed());
    }

    /**
     * Charter's own scheme takes the secret (path or header) or a body signed with it; a sender's scheme takes only
     * that sender's signature under the signing secret set for the Pilot, checked inside the egress gateway. Unknown Pilot,
     * wrong secret, wrong or stale signature and a missing signing secret all answer alike.
     */
    private boolean authentic(PilotRepository.DeliveryTarget pilot, String secret, String signature, byte[] body,
                              java.util.function.UnaryOperator<String> headers) {
        if ("charter".equals(pilot.verification()) || !"WEBHOOK".equals(pilot.triggerKind())) {
            return secrets.matches(pilot.id(), pilot.secretNonce(), secret)
                    || secrets.signatureMatches(pilot.id(), pilot.secretNonce(), body, signature);
        }
        if (pilot.signingSecretId() == null || headers == null || secret != null) {
            return false;
        }
        OrgId org = new OrgId(pilot.orgId());
        SecretRef ref = new SecretRef(org, pilot.signingSecretId(), PilotService.SIGNING_PURPOSE);
        try {
            return SignatureSchemes.verify(pilot.verification(), headers, body,
                    (form, parts) -> signatures.hmacSha256(org, ref, form, parts), clock.instant());
        } catch (NotFoundException | CredentialUnreadableException e) {
            return false;
        }
    }

    /** Slack's URL check and GitHub's ping, answered once the signature holds, without a run. */
    private static Map<String, Object> handshake(String verification, java.util.function.UnaryOperator<String> headers,
                                                 String payload) {
        if ("github".equals(verification) && headers != null && "ping".equals(headers.apply("X-GitHub-Event"))) {
            return Map.of("ok", true, "event", "ping");
        }
        if ("slack".equals(verification)) {
            var node = JSON.readTree(payload);
            if ("url_verification".equals(node.path("type").asString(null)) && node.path("challenge").isString()) {
                return Map.of("challenge", node.path("challenge").asString());
            }
        }
        return null;
    }

    /**
     * JSON stays as it is; a form becomes an object of its fields; text becomes {"text": …}. Text is decoded in the
     * charset the sender declared (UTF-8 if none) and refused, never changed, if it is not valid in it or holds what
     * PostgreSQL cannot store (TextInput).
     */
    static String toJson(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
        switch (type) {
            case "application/json", "" -> {
                return body.length == 0 ? "{}" : requireJson(TextInput.decode(body, TextInput.charset(contentType), "body"));
            }
            case "application/x-www-form-urlencoded" -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                TextInput.formFields(new String(body, StandardCharsets.ISO_8859_1), TextInput.charset(contentType))
                        .forEach((k, v) -> fields.put(k, v.size() == 1 ? v.get(0) : v));
                return JSON.writeValueAsString(fields);
            }
            case "text/plain" -> {
                return JSON.writeValueAsString(Map.of("text", TextInput.decode(body, TextInput.charset(contentType), "body")));
            }
            default -> throw new UnsupportedType("Send JSON (application/json), a form (application/x-www-form-urlencoded)"
                    + " or text (text/plain), not " + type + ".");
        }
    }

    static String requireJson(String text) {
        TextInput.checkJson("", text);
        try {
            var node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("body", "The body is empty; send a JSON value.");
            }
            return node.toString();
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "The body is not valid JSON: " + TextInput.readable(e));
        }
    }

}

package dev.charter.pilots.internal;

import dev.charter.identity.RateLimiter;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** What a delivery's 202 says: its run, and whether it repeats an earlier delivery's answer (same key). */
    public record Accepted(UUID run, boolean replayed) {}

    private final PilotRepository pilots;
    private final DeliverySecrets secrets;
    private final DeliveryWriter writer;
    private final RateLimiter limiter;
    private final PilotsSettings settings;
    private final RateLimiter.Limit perPilot;

    Deliveries(PilotRepository pilots, DeliverySecrets secrets, DeliveryWriter writer, RateLimiter limiter, PilotsSettings settings) {
        this.pilots = pilots;
        this.secrets = secrets;
        this.writer = writer;
        this.limiter = limiter;
        this.settings = settings;
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
        boolean authentic = pilot != null && (secrets.matches(pilot.id(), pilot.secretNonce(), secret)
                || secrets.signatureMatches(pilot.id(), pilot.secretNonce(), body, signature));
        if (!authentic) {
            throw new NotFoundException("Delivery URL");
        }
        limiter.check(perPilot, pilotId.toString());
        if (!pilot.enabled()) {
            throw new ConflictException("This Pilot is disabled. Enable it to accept deliveries.");
        }
        if (!"WEBHOOK".equals(pilot.triggerKind())) {
            throw new ConflictException("This Pilot is not triggered by deliveries (its trigger is " + pilot.triggerKind() + ").");
        }
        if (body.length > settings.maxPayloadBytes()) {
            throw new PayloadTooLarge("The body has " + body.length + " bytes; a delivery may have at most "
                    + settings.maxPayloadBytes() + ".");
        }
        String key = headers == null ? null : IdempotencyKeys.read(headers);
        String payload = toJson(contentType, body);
        var accepted = writer.commit(new OrgId(pilot.orgId()), pilot.id(), new UserId(pilot.ownerId()), "WEBHOOK", payload, key);
        return new Accepted(accepted.run(), accepted.replayed());
    }

    /** JSON stays as it is; a form becomes an object of its fields; text becomes {"text": …}. */
    static String toJson(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
        String text = new String(body, StandardCharsets.UTF_8);
        switch (type) {
            case "application/json", "" -> {
                return body.length == 0 ? "{}" : requireJson(text);
            }
            case "application/x-www-form-urlencoded" -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (String pair : text.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    String[] kv = pair.split("=", 2);
                    String k = java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                    String v = kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                    fields.merge(k, v, (a, b) -> a instanceof List<?> l ? append(l, b) : List.of(a, b));
                }
                return JSON.writeValueAsString(fields);
            }
            case "text/plain" -> {
                return JSON.writeValueAsString(Map.of("text", text));
            }
            default -> throw new UnsupportedType("Send JSON (application/json), a form (application/x-www-form-urlencoded)"
                    + " or text (text/plain), not " + type + ".");
        }
    }

    static String requireJson(String text) {
        try {
            var node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("body", "The body is empty; send a JSON value.");
            }
            return node.toString();
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "The body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Object> append(List<?> list, Object value) {
        var copy = new java.util.ArrayList<Object>(list);
        copy.add(value);
        return copy;
    }
}

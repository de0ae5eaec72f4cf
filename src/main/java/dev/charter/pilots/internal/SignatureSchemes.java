package dev.charter.pilots.internal;

import dev.charter.egress.MacKeyForm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The webhook signature schemes of the senders people bring (docs/pilots.md, "Verifying senders"), each checked as
 * its sender documents it and compared in constant time. A timestamp outside the sender's replay window is refused
 * exactly like a wrong signature. The signing secret is never here: {@code mac} computes the HMAC inside the egress gateway.
 */
final class SignatureSchemes {

    /** Stripe's, Slack's and Standard Webhooks' documented tolerance for the signed timestamp. */
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    /** Longest signature header read; real ones are far shorter. */
    private static final int MAX_HEADER = 2048;

    /** The HMAC-SHA-256 of the parts under the Pilot's signing secret, in the given key form. */
    interface Mac extends BiFunction<MacKeyForm, byte[][], byte[]> {
        default byte[] of(MacKeyForm form, byte[]... parts) {
            return apply(form, parts);
        }
    }

    private SignatureSchemes() {}

    /** True when the delivery carries a valid, fresh signature of {@code scheme}. */
    static boolean verify(String scheme, UnaryOperator<String> header, byte[] body, Mac mac, Instant now) {
        return switch (scheme) {
            case "github" -> github(header.apply("X-Hub-Signature-256"), body, mac);
            case "stripe" -> stripe(header.apply("Stripe-Signature"), body, mac, now);
            case "slack" -> slack(header.apply("X-Slack-Request-Timestamp"), header.apply("X-Slack-Signature"), body, mac, now);
            case "shopify" -> shopify(header.apply("X-Shopify-Hmac-Sha256"), body, mac);
            case "standard-webhooks" -> standard(header.apply("webhook-id"), header.apply("webhook-timestamp"),
                    header.apply("webhook-signature"), body, mac, now);
            default -> false;
        };
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}. */
    private static boolean github(String value, byte[] body, Mac mac) {
        if (!usable(value) || !value.startsWith("sha256=")) {
            return false;
        }
        return equalHex(mac.of(MacKeyForm.AS_STORED, body), value.substring(7));
    }

    /** Stripe: {@code Stripe-Signature: t=<seconds>,v1=<hex HMAC of "t.body">[,v1=…]}; any v1 may match. */
    private static boolean stripe(String value, byte[] body, Mac mac, Instant now) {
        if (!usable(value)) {
            return false;
        }
        String t = null;
        java.util.List<String> v1 = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String k = part.substring(0, eq).strip();
                String v = part.substring(eq + 1).strip();
                if (k.equals("t")) {
                    t = v;
                } else if (k.equals("v1")) {
                    v1.add(v);
                }
            }
        }
        if (t == null || v1.isEmpty() || !fresh(t, now)) {
            return false;
        }
        byte[] expected = mac.of(MacKeyForm.AS_STORED, (t + ".").getBytes(StandardCharsets.US_ASCII), body);
        boolean any = false;
        for (String candidate : v1) {
            any |= equalHex(expected, candidate);
        }
        return any;
    }

    /** Slack: {@code X-Slack-Signature: v0=<hex HMAC of "v0:timestamp:body">} with {@code X-Slack-Request-Timestamp}. */
    private static boolean slack(String timestamp, String value, byte[] body, Mac mac, Instant now) {
        if (!usable(timestamp) || !usable(value) || !value.startsWith("v0=") || !fresh(timestamp, now)) {
            return false;
        }
        byte[] expected = mac.of(MacKeyForm.AS_STORED, ("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII), body);
        return equalHex(expected, value.substring(3));
    }

    /** Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC of the body>}. */
    private static boolean shopify(String value, byte[] body, Mac mac) {
        return usable(value) && equalBase64(mac.of(MacKeyForm.AS_STORED, body), value.strip());
    }

    /**
     * Standard Webhooks: {@code webhook-signature: v1,<base64 HMAC of "id.timestamp.body">} (several, space-separated,
     * any may match) under the base64 key after {@code whsec_}, with {@code webhook-id} and {@code webhook-timestamp}.
     */
    private static boolean standard(String id, String timestamp, String value, byte[] body, Mac mac, Instant now) {
        if (!usable(id) || !usable(timestamp) || !usable(value) || !fresh(timestamp, now)) {
            return false;
        }
        byte[] expected = mac.of(MacKeyForm.BASE64_AFTER_WHSEC, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        boolean any = false;
        for (String signature : value.strip().split("\\s+")) {
            if (signature.startsWith("v1,")) {
                any |= equalBase64(expected, signature.substring(3));
            }
        }
        return any;
    }

    private static boolean usable(String header) {
        return header != null && !header.isBlank() && header.length() <= MAX_HEADER;
    }

    /** A timestamp in whole seconds within the replay window of now, either side. */
    private static boolean fresh(String seconds, Instant now) {
        try {
            long t = Long.parseLong(seconds.strip());
            return Math.abs(now.getEpochSecond() - t) <= REPLAY_WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean equalHex(byte[] expected, String hex) {
        try {
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean equalBase64(byte[] expected, String base64) {
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

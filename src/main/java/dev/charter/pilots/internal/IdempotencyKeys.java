package dev.charter.pilots.internal;

import dev.charter.shared.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The idempotency key a sender gives a delivery: the {@code Idempotency-Key} header, or a delivery id that a
 * provider documents as staying the same when it sends a delivery again. Only its SHA-256 is kept.
 */
final class IdempotencyKeys {

    /** Headers read for a key, the first present wins; each is documented by its sender as a per-delivery id. */
    static final List<String> HEADERS = List.of(
            "Idempotency-Key",                // the IETF httpapi draft; GitLab, and callers of the API
            "X-GitHub-Delivery",              // GitHub: a GUID per delivery, kept on redelivery
            "X-Shopify-Webhook-Id",           // Shopify: the same on every retry of a webhook
            "webhook-id",                     // Standard Webhooks: the same when a message is resent
            "svix-id",                        // Svix: the same when a message is resent
            "X-Atlassian-Webhook-Identifier", // Jira and Confluence: the same across retries
            "I-Twilio-Idempotency-Token");    // Twilio: the same across retries of a callback

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** Longest key accepted, in characters. */
    static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    /**
     * @param header looks a request header up by name (null when absent)
     * @return the key's SHA-256 in hex, or null when the delivery has no key
     * @throws InvalidInputException naming the header when its value is empty, too long or not printable ASCII
     */
    static String read(UnaryOperator<String> header) {
        for (String name : HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                return hash(check(name, value));
            }
        }
        return null;
    }

    private static String check(String name, String raw) {
        String key = raw.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1); // the draft writes the key as a structured-field string
        }
        if (key.isEmpty()) {
            throw new InvalidInputException(name, "The key is empty; send a unique value per delivery (a UUID), or leave the header out.");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidInputException(name, "The key has " + key.length() + " characters; use at most " + MAX_LENGTH + ".");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new InvalidInputException(name, "The key may hold printable ASCII characters only; character "
                        + (i + 1) + " is not one.");
            }
        }
        return key;
    }

    /**
     * The key of a delivery checked with a sender's scheme: the sender's own event id where it is in the body
     * (Stripe's {@code id}, Slack's {@code event_id}), else the headers as {@link #read}. A replayed delivery thus
     * repeats the first answer and starts no second run.
     */
    static String forDelivery(String verification, UnaryOperator<String> header, String payloadJson) {
        String field = switch (verification == null ? "" : verification) {
            case "stripe" -> "id";
            case "slack" -> "event_id";
            default -> null;
        };
        if (field != null) {
            var value = JSON.readTree(payloadJson).path(field);
            if (value.isString() && !value.asString().isBlank()) {
                return hash(verification + ":" + check(field, value.asString()));
            }
        }
        return header == null ? null : read(header);
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

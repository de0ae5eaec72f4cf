package dev.charter.reviews.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/** Small readers for the parsers: each reads one named field, never a whole object. */
final class Json {

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private Json() {}

    /** A string field of at most {@code max} characters (longer is cut), or null. */
    static String text(JsonNode node, String field, int max) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull() || !n.isValueNode()) {
            return null;
        }
        String s = n.asString();
        return s.length() > max ? s.substring(0, max) : s;
    }

    static JsonNode path(JsonNode node, String... fields) {
        JsonNode n = node;
        for (String f : fields) {
            if (n == null) {
                return null;
            }
            n = n.get(f);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** ISO-8601 instants as GitHub, Slack and Google write them, and Jira's {@code 2024-01-02T03:04:05.000+0000}. */
    static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value, JIRA_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}

package dev.charter.reviews.internal;

import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One Gmail message read with {@code format=metadata} and {@code metadataHeaders} to a signal. Allowlist: the
 * message {@code id}, {@code internalDate}, and of {@code payload.headers} only From, To, Cc, Date, Message-ID,
 * In-Reply-To, and Subject where the organization turned it on. The {@code snippet} Gmail adds to every answer,
 * any other header and any part or body are never read.
 */
final class GmailParser {

    static final Set<String> HEADERS = Set.of("from", "to", "cc", "date", "message-id", "in-reply-to");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private GmailParser() {}

    /** The headers to ask Gmail for. */
    static List<String> metadataHeaders(boolean subjects) {
        List<String> h = new ArrayList<>(List.of("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To"));
        if (subjects) {
            h.add("Subject");
        }
        return h;
    }

    static ParsedSignal message(JsonNode m, boolean subjects) {
        String id = Json.text(m, "id", 64);
        JsonNode headers = Json.path(m, "payload", "headers");
        if (id == null || headers == null || !headers.isArray()) {
            return null;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        String subject = null;
        for (JsonNode h : headers) {
            String name = Json.text(h, "name", 40);
            if (name == null) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (HEADERS.contains(lower)) {
                kept.putIfAbsent(lower, Json.text(h, "value", 2000));
            } else if (subjects && lower.equals("subject")) {
                subject = Json.text(h, "value", 300);
            }
        }
        List<String> from = addresses(kept.get("from"));
        if (from.isEmpty()) {
            return null;
        }
        Instant at = date(kept.get("date"));
        if (at == null) {
            String internal = Json.text(m, "internalDate", 20);
            at = internal != null && internal.matches("[0-9]{1,15}") ? Instant.ofEpochMilli(Long.parseLong(internal)) : null;
        }
        if (at == null) {
            return null;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("from", from.get(0));
        facts.put("to", addresses(kept.get("to")));
        facts.put("cc", addresses(kept.get("cc")));
        facts.put("date", at.toString());
        putId(facts, "message_id", kept.get("message-id"));
        putId(facts, "in_reply_to", kept.get("in-reply-to"));
        return new ParsedSignal(SignalSource.GMAIL, SignalKind.EMAIL, id, from.get(0), at, subject, facts, null, 1);
    }

    /** The addresses of a header, lower case; display names are dropped. */
    static List<String> addresses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Matcher m = ADDRESS.matcher(header);
        while (m.find() && out.size() < 100) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static void putId(Map<String, Object> facts, String name, String value) {
        if (value != null) {
            Matcher m = Pattern.compile("<[^<>\\s]{1,250}>").matcher(value);
            if (m.find()) {
                facts.put(name, m.group());
            }
        }
    }

    private static Instant date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

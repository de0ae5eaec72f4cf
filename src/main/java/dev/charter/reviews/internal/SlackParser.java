package dev.charter.reviews.internal;

import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Slack's {@code conversations.history} to counts: messages per person per channel per (UTC) day. Allowlist:
 * {@code messages[].user}, {@code messages[].ts}, {@code messages[].subtype} (to skip joins and bot messages), and
 * {@code response_metadata.next_cursor}. The {@code text}, {@code blocks}, {@code attachments} and {@code files}
 * of a message are never read: the count is all that is kept.
 */
final class SlackParser {

    static final List<String> ALLOWED = List.of("ok", "error", "messages[].user", "messages[].ts", "messages[].subtype",
            "has_more", "response_metadata.next_cursor");

    record Page(List<ParsedSignal> counts, String newestTs, String nextCursor) {}

    private SlackParser() {}

    static Page history(String channel, JsonNode answer) {
        if (answer == null || !answer.path("ok").asBoolean(false)) {
            String error = Json.text(answer, "error", 60);
            throw new IllegalArgumentException("Slack refused conversations.history: " + (error == null ? "no error code"
                    : error.replaceAll("[^a-z_]", "")));
        }
        Map<String, Integer> perUserDay = new LinkedHashMap<>();
        String newest = null;
        JsonNode messages = answer.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) {
                String user = Json.text(m, "user", 40);
                String ts = Json.text(m, "ts", 40);
                if (user == null || ts == null || !ts.matches("[0-9]{1,12}\\.[0-9]{1,9}") || Json.text(m, "subtype", 60) != null) {
                    continue;
                }
                if (newest == null || new BigDecimal(ts).compareTo(new BigDecimal(newest)) > 0) {
                    newest = ts;
                }
                LocalDate day = Instant.ofEpochSecond(Long.parseLong(ts.substring(0, ts.indexOf('.')))).atZone(ZoneOffset.UTC).toLocalDate();
                perUserDay.merge(user + "|" + day, 1, Integer::sum);
            }
        }
        List<ParsedSignal> out = new ArrayList<>();
        perUserDay.forEach((k, count) -> {
            String user = k.substring(0, k.indexOf('|'));
            LocalDate day = LocalDate.parse(k.substring(k.indexOf('|') + 1));
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("channel", channel);
            facts.put("day", day.toString());
            out.add(new ParsedSignal(SignalSource.SLACK, SignalKind.MESSAGES, channel + "/" + user + "/" + day, user,
                    day.atStartOfDay().toInstant(ZoneOffset.UTC), null, facts, null, count));
        });
        String cursor = Json.text(Json.path(answer, "response_metadata"), "next_cursor", 500);
        return new Page(out, newest, cursor == null || cursor.isBlank() ? null : cursor);
    }
}

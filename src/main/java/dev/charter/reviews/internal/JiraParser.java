package dev.charter.reviews.internal;

import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Jira Cloud's enhanced search ({@code GET /rest/api/3/search/jql} with {@code expand=changelog}) to signals.
 * Allowlist: {@code key}, {@code fields.summary}, {@code fields.status.name}, {@code fields.assignee.accountId},
 * {@code fields.created}, {@code fields.resolutiondate}, {@code fields.updated} (watermark); from the changelog
 * only items whose {@code field} is {@code status}: {@code fromString}, {@code toString}, the history's
 * {@code created} and {@code author.accountId}. Descriptions, comments, attachments and every other field or
 * changelog item are never read.
 */
final class JiraParser {

    static final List<String> ALLOWED = List.of("key", "fields.summary", "fields.status.name", "fields.assignee.accountId",
            "fields.created", "fields.resolutiondate", "fields.updated", "changelog.histories[].created",
            "changelog.histories[].author.accountId", "changelog.histories[].items[field=status].fromString/toString");
    /** The fields asked of Jira, so the rest is not even sent. */
    static final String FIELDS = "summary,status,assignee,created,resolutiondate,updated";

    record Page(List<ParsedSignal> signals, Instant newestUpdate, String nextPageToken, boolean last) {}

    private JiraParser() {}

    static Page search(String site, JsonNode answer) {
        JsonNode issues = answer == null ? null : answer.get("issues");
        if (issues == null || !issues.isArray()) {
            throw new IllegalArgumentException("Jira answered something other than a search result");
        }
        List<ParsedSignal> out = new ArrayList<>();
        Instant newest = null;
        for (JsonNode issue : issues) {
            String key = Json.text(issue, "key", 40);
            JsonNode fields = issue.get("fields");
            if (key == null || fields == null) {
                continue;
            }
            Instant created = Json.time(Json.text(fields, "created", 40));
            Instant resolved = Json.time(Json.text(fields, "resolutiondate", 40));
            Instant updated = Json.time(Json.text(fields, "updated", 40));
            if (updated != null && (newest == null || updated.isAfter(newest))) {
                newest = updated;
            }
            String assignee = Json.text(Json.path(fields, "assignee"), "accountId", 128);
            String link = site == null ? null : site + "/browse/" + key;
            if (assignee != null && created != null) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("key", key);
                facts.put("status", Json.text(Json.path(fields, "status"), "name", 80));
                facts.put("created", created.toString());
                if (resolved != null) {
                    facts.put("resolved", resolved.toString());
                    facts.put("resolution_hours", Math.max(0, (resolved.getEpochSecond() - created.getEpochSecond()) / 3600));
                }
                out.add(new ParsedSignal(SignalSource.JIRA, SignalKind.ISSUE, key, assignee, resolved != null ? resolved : created,
                        Json.text(fields, "summary", 300), facts, link, 1));
            }
            JsonNode histories = Json.path(issue, "changelog", "histories");
            if (histories != null && histories.isArray()) {
                for (JsonNode h : histories) {
                    String author = Json.text(Json.path(h, "author"), "accountId", 128);
                    Instant at = Json.time(Json.text(h, "created", 40));
                    String historyId = Json.text(h, "id", 40);
                    JsonNode items = h.get("items");
                    if (author == null || at == null || historyId == null || items == null || !items.isArray()) {
                        continue;
                    }
                    for (JsonNode item : items) {
                        if (!"status".equals(Json.text(item, "field", 40))) {
                            continue;
                        }
                        Map<String, Object> facts = new LinkedHashMap<>();
                        facts.put("key", key);
                        facts.put("from", Json.text(item, "fromString", 80));
                        facts.put("to", Json.text(item, "toString", 80));
                        out.add(new ParsedSignal(SignalSource.JIRA, SignalKind.STATUS_CHANGE, key + "/" + historyId, author, at,
                                null, facts, link, 1));
                    }
                }
            }
        }
        String next = Json.text(answer, "nextPageToken", 2000);
        boolean last = answer.path("isLast").asBoolean(next == null);
        return new Page(out, newest, next, last || next == null);
    }
}

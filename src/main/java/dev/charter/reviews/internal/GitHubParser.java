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
 * GitHub's pull requests ({@code GET /repos/{owner}/{repo}/pulls?state=all&sort=updated}) to signals. Allowlist:
 * {@code number}, {@code title}, {@code state}, {@code user.login}, {@code created_at}, {@code merged_at},
 * {@code closed_at}, {@code draft}, and {@code html_url} as the link; {@code updated_at} only as the sync's
 * watermark. Everything else ({@code body}, comments, diffs, labels, reviewers…) is never read.
 */
final class GitHubParser {

    static final List<String> ALLOWED = List.of("number", "title", "state", "user.login", "created_at", "merged_at",
            "closed_at", "draft", "html_url", "updated_at");

    record Page(List<ParsedSignal> signals, Instant newestUpdate, Instant oldestUpdate) {}

    private GitHubParser() {}

    static Page pullRequests(String repository, JsonNode array) {
        List<ParsedSignal> out = new ArrayList<>();
        Instant newest = null;
        Instant oldest = null;
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("GitHub answered something other than a list of pull requests");
        }
        for (JsonNode pr : array) {
            JsonNode number = pr.get("number");
            String login = Json.text(Json.path(pr, "user"), "login", 100);
            Instant created = Json.time(Json.text(pr, "created_at", 40));
            if (number == null || !number.isNumber() || login == null || created == null) {
                continue;
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("repository", repository);
            facts.put("number", number.asLong());
            facts.put("state", Json.text(pr, "state", 20));
            facts.put("draft", pr.path("draft").asBoolean(false));
            facts.put("created_at", created.toString());
            putTime(facts, "merged_at", Json.text(pr, "merged_at", 40));
            putTime(facts, "closed_at", Json.text(pr, "closed_at", 40));
            Instant updated = Json.time(Json.text(pr, "updated_at", 40));
            if (updated != null && (newest == null || updated.isAfter(newest))) {
                newest = updated;
            }
            if (updated != null && (oldest == null || updated.isBefore(oldest))) {
                oldest = updated;
            }
            String link = Json.text(pr, "html_url", 500);
            out.add(new ParsedSignal(SignalSource.GITHUB, SignalKind.PULL_REQUEST, repository + "#" + number.asLong(), login,
                    created, Json.text(pr, "title", 300), facts, link != null && link.startsWith("http") ? link : null, 1));
        }
        return new Page(out, newest, oldest);
    }

    private static void putTime(Map<String, Object> facts, String name, String value) {
        Instant t = Json.time(value);
        if (t != null) {
            facts.put(name, t.toString());
        }
    }
}

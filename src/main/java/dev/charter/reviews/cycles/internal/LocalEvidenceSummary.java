package dev.charter.reviews.cycles.internal;

import dev.charter.reviews.Signal;
import dev.charter.reviews.SignalKind;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local fallback's draft: a structured evidence summary written from the signals alone, deterministically and
 * without a model. Counts per kind of work, recurring themes of the titles, and highlights (merged pull requests,
 * resolved issues, newest first) and the measures of analysed customer calls; each sentence cites its signals, and a kind of work with fewer than
 * {@link DraftWriter#MIN_SIGNALS} signals is said to have not enough data. It never rates.
 */
final class LocalEvidenceSummary {

    static final int HIGHLIGHTS = 5;
    static final int THEMES = 3;
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}-]{3,}");
    private static final Set<String> STOP = Set.of("with", "from", "into", "that", "this", "when", "then", "than", "them",
            "they", "have", "will", "should", "would", "could", "after", "before", "about", "over", "under", "more",
            "less", "some", "only", "also", "make", "made", "uses", "using", "added", "adds", "fixes", "fixed", "update",
            "updates", "updated", "change", "changes", "remove", "removes");

    private LocalEvidenceSummary() {}

    static Review.Draft summarize(List<Signal> signals) {
        List<Review.Sentence> out = new ArrayList<>();
        if (signals.size() < DraftWriter.MIN_SIGNALS) {
            out.add(new Review.Sentence("counts", "Not enough data: " + signals.size() + (signals.size() == 1 ? " signal" : " signals")
                    + " of this person in this period; a draft needs at least " + DraftWriter.MIN_SIGNALS + ".",
                    ids(signals), Review.Sentence.NOT_ENOUGH_DATA));
            return new Review.Draft(out, 0, 0);
        }
        Map<SignalKind, List<Signal>> byKind = new LinkedHashMap<>();
        for (SignalKind k : SignalKind.values()) {
            byKind.put(k, new ArrayList<>());
        }
        signals.forEach(s -> byKind.get(s.kind()).add(s));
        byKind.forEach((kind, list) -> {
            if (!list.isEmpty()) {
                out.add(count(kind, list));
            }
        });
        themes(signals).forEach(out::add);
        highlights(signals).forEach(out::add);
        return new Review.Draft(out, 0, 0);
    }

    private static Review.Sentence count(SignalKind kind, List<Signal> list) {
        int n = list.size();
        String text = switch (kind) {
            case PULL_REQUEST -> {
                long merged = list.stream().filter(s -> s.facts().get("merged_at") != null).count();
                long open = list.stream().filter(s -> "open".equals(s.facts().get("state"))).count();
                long drafts = list.stream().filter(s -> Boolean.TRUE.equals(s.facts().get("draft"))).count();
                yield "Pull requests: " + n + " in the period, " + merged + " merged, " + open + " still open"
                        + (drafts > 0 ? ", " + drafts + " drafts" : "") + ".";
            }
            case ISSUE -> {
                List<Long> hours = list.stream().map(s -> s.facts().get("resolution_hours"))
                        .filter(h -> h instanceof Number).map(h -> ((Number) h).longValue()).sorted().toList();
                yield "Issues: " + n + " assigned, " + hours.size() + " resolved"
                        + (hours.isEmpty() ? "" : ", in a median of " + hours.get(hours.size() / 2) + " hours") + ".";
            }
            case STATUS_CHANGE -> "Issue status changes: " + n + ".";
            case MESSAGES -> {
                long messages = list.stream().mapToLong(Signal::count).sum();
                long days = list.stream().map(s -> s.occurredAt().atZone(ZoneOffset.UTC).toLocalDate()).distinct().count();
                long channels = list.stream().map(s -> s.facts().get("channel")).distinct().count();
                yield "Chat: " + messages + " messages on " + days + (days == 1 ? " day" : " days") + " in " + channels
                        + (channels == 1 ? " channel" : " channels") + ".";
            }
            case EMAIL -> {
                long replies = list.stream().filter(s -> s.facts().get("in_reply_to") != null).count();
                yield "Email: " + n + " messages, " + replies + " of them replies.";
            }
            case CALL -> calls(list);
        };
        if (kind == SignalKind.CALL && list.stream().map(Signal::externalId).distinct().count() < 2) {
            return new Review.Sentence("counts", "Not enough data on customer calls: one analysed call in this period. "
                    + text, ids(list), Review.Sentence.NOT_ENOUGH_DATA);
        }
        if (n < DraftWriter.MIN_SIGNALS && kind != SignalKind.MESSAGES && kind != SignalKind.CALL) {
            return new Review.Sentence("counts", "Not enough data on " + label(kind) + ": only " + n + " in this period.",
                    ids(list), Review.Sentence.NOT_ENOUGH_DATA);
        }
        return new Review.Sentence("counts", text, ids(list), null);
    }

    private static String label(SignalKind kind) {
        return switch (kind) {
            case PULL_REQUEST -> "pull requests";
            case ISSUE -> "issues";
            case STATUS_CHANGE -> "status changes";
            case MESSAGES -> "chat";
            case EMAIL -> "email";
            case CALL -> "customer calls";
        };
    }

    /** The analysed calls' measures: how many calls, the mean talk share and questions, sentiments, topics. */
    private static String calls(List<Signal> list) {
        long calls = list.stream().map(Signal::externalId).distinct().count();
        java.util.function.Function<String, List<String>> values = m -> list.stream()
                .filter(s -> m.equals(s.facts().get("measure"))).map(s -> String.valueOf(s.facts().get("value"))).toList();
        StringBuilder b = new StringBuilder("Customer calls: " + calls + (calls == 1 ? " analysed call" : " analysed calls"));
        java.util.OptionalDouble talk = values.apply("TALK_RATIO").stream().mapToDouble(LocalEvidenceSummary::number)
                .filter(Double::isFinite).average();
        if (talk.isPresent()) {
            b.append(", talking ").append(Math.round(talk.getAsDouble() * 100)).append(" % of the time on average");
        }
        java.util.OptionalDouble questions = values.apply("QUESTIONS_ASKED").stream().mapToDouble(LocalEvidenceSummary::number)
                .filter(Double::isFinite).average();
        if (questions.isPresent()) {
            b.append(", ").append(String.format(Locale.ROOT, "%.1f", questions.getAsDouble())).append(" questions asked per call");
        }
        Map<String, Long> sentiments = new java.util.TreeMap<>();
        values.apply("SENTIMENT").forEach(v -> sentiments.merge(v, 1L, Long::sum));
        if (!sentiments.isEmpty()) {
            b.append("; sentiment ").append(sentiments.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        List<String> topics = values.apply("TOPIC").stream().distinct().limit(5).toList();
        if (!topics.isEmpty()) {
            b.append("; topics: ").append(String.join(", ", topics));
        }
        long nextSteps = values.apply("NEXT_STEP").size();
        if (nextSteps > 0) {
            b.append("; ").append(nextSteps).append(nextSteps == 1 ? " next step agreed" : " next steps agreed");
        }
        return b.append('.').toString();
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Words that recur in the titles of at least two signals, most frequent first. */
    private static List<Review.Sentence> themes(List<Signal> signals) {
        Map<String, List<Signal>> byWord = new LinkedHashMap<>();
        for (Signal s : signals) {
            if (s.title() == null || s.kind() == SignalKind.STATUS_CHANGE) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            Matcher m = WORD.matcher(s.title());
            while (m.find()) {
                String w = m.group().toLowerCase(Locale.ROOT);
                if (!STOP.contains(w) && seen.add(w)) {
                    byWord.computeIfAbsent(w, x -> new ArrayList<>()).add(s);
                }
            }
        }
        return byWord.entrySet().stream().filter(e -> e.getValue().size() >= 2)
                .sorted(Comparator.<Map.Entry<String, List<Signal>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .limit(THEMES)
                .map(e -> new Review.Sentence("themes", "Recurring theme: “" + e.getKey() + "” in " + e.getValue().size()
                        + " titles.", ids(e.getValue()), null))
                .toList();
    }

    /** Merged pull requests and resolved issues, newest first. */
    private static List<Review.Sentence> highlights(List<Signal> signals) {
        return signals.stream()
                .filter(s -> (s.kind() == SignalKind.PULL_REQUEST && s.facts().get("merged_at") != null)
                        || (s.kind() == SignalKind.ISSUE && s.facts().get("resolved") != null))
                .sorted(Comparator.comparing(Signal::occurredAt).reversed().thenComparing(Signal::id))
                .limit(HIGHLIGHTS)
                .map(s -> new Review.Sentence("highlights", s.kind() == SignalKind.PULL_REQUEST
                        ? "Merged pull request “" + s.title() + "” (" + s.externalId() + ")."
                        : "Resolved issue " + s.externalId() + " “" + s.title() + "”.", List.of(s.id()), null))
                .toList();
    }

    private static List<UUID> ids(List<Signal> signals) {
        return signals.stream().map(Signal::id).toList();
    }
}

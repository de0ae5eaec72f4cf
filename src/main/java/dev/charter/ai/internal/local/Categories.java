package dev.charter.ai.internal.local;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.charter.ai.AiTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Classification into the categories the instruction names (classify as <i>billing, bug or sales</i>): each category's
 * keywords are the words of its name (weight 2) and, for common support and sales categories, a built-in list of
 * related words (weight 1); every occurrence in the text counts. The highest score wins; equal scores go to the
 * category named first; no match at all gives no category.
 */
final class Categories {

    static final int MAX_CATEGORIES = 20;

    // the list after "as", "into", "categories:", "one of"; up to the end of the sentence or line
    private static final Pattern LIST = Pattern.compile(
            "(?i)(?:\\b(?:classify|categori[sz]e|label|tag|sort|route|triage|assign)\\b[^.:\\n]{0,60}?\\b(?:as|into|to)\\b(?:\\s+one\\s+of)?"
                    + "|\\bcategor(?:y|ies)\\b\\s*(?:are|is)?|\\bone\\s+of\\b)\\s*:?\\s*([^.;?!\\n]{1,400})");
    private static final Pattern SEPARATORS = Pattern.compile("(?i)\\s*(?:,|/|\\||\\bor\\b|\\band\\b)\\s*");

    /** Related words of common categories, by the stem of the category word. */
    private static final Map<String, List<String>> RELATED = related();

    private Categories() {}

    /** The categories named in the instruction, in order, lower case, without duplicates. */
    static List<String> named(String instruction) {
        Matcher m = LIST.matcher(instruction);
        if (!m.find()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : SEPARATORS.split(m.group(1))) {
            String c = part.strip().replaceAll("^[\"'`(\\[{<]+|[\"'`)\\]}>]+$", "").strip().toLowerCase(java.util.Locale.ROOT);
            if (c.startsWith("the ")) {
                c = c.substring(4);
            }
            if (!c.isEmpty() && c.length() <= 60 && c.split("\\s+").length <= 4 && out.size() < MAX_CATEGORIES) {
                out.add(c);
            }
        }
        return out.size() >= 2 ? List.copyOf(out) : List.of();
    }

    static LocalAnswer classify(String instruction, String text) {
        List<String> categories = named(instruction);
        Map<String, Integer> counts = new HashMap<>();
        List<String> words = Texts.words(text);
        for (String w : words) {
            counts.merge(Texts.stem(w), 1, Integer::sum);
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        Map<String, Set<String>> matched = new LinkedHashMap<>();
        for (String category : categories) {
            Map<String, Integer> keywords = new LinkedHashMap<>();
            for (String w : Texts.contentWords(category)) {
                String stem = Texts.stem(w);
                keywords.put(stem, 2);
                RELATED.getOrDefault(stem, List.of()).forEach(r -> keywords.putIfAbsent(Texts.stem(r), 1));
            }
            int score = 0;
            Set<String> hits = new LinkedHashSet<>();
            for (String w : words) {
                Integer weight = keywords.get(Texts.stem(w));
                if (weight != null && Texts.isContent(w)) {
                    score += weight;
                    hits.add(w);
                }
            }
            scores.put(category, score);
            matched.put(category, hits);
        }
        String best = null;
        int bestScore = 0;
        int total = 0;
        for (Map.Entry<String, Integer> e : scores.entrySet()) {
            total += e.getValue();
            if (e.getValue() > bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        double confidence = best == null ? 0 : (bestScore / (double) total) * (bestScore / (bestScore + 2.0));

        ObjectNode json = LocalAnswer.base("classify");
        if (best == null) {
            json.putNull("category");
        } else {
            json.put("category", best);
        }
        json.put("confidence", LocalAnswer.round2(confidence));
        categories.forEach(json.putArray("categories")::add);
        ObjectNode scoreNode = json.putObject("scores");
        scores.forEach(scoreNode::put);
        ObjectNode matchedNode = json.putObject("matched");
        matched.forEach((c, hits) -> hits.forEach(matchedNode.putArray(c)::add));
        if (categories.isEmpty()) {
            json.put("note", "The instruction names no categories; write for example: classify as billing, bug or sales.");
        }
        return new LocalAnswer(AiTask.CLASSIFY, best == null ? "" : best, json);
    }

    private static Map<String, List<String>> related() {
        Map<String, List<String>> r = new HashMap<>();
        put(r, List.of("billing", "bill", "invoice", "payment", "charge"), "bill", "billing", "invoice", "charge", "charged",
                "payment", "pay", "paid", "refund", "price", "subscription", "receipt", "card", "credit", "fee", "plan",
                "renewal", "overcharged", "vat", "tax");
        put(r, List.of("bug", "defect", "error", "technical", "tech", "problem", "issue"), "bug", "error", "crash", "broken",
                "fail", "failed", "failure", "exception", "defect", "glitch", "freeze", "stuck", "wrong", "500", "timeout",
                "api", "server", "reproduce", "stack");
        put(r, List.of("sales", "sale", "lead", "purchase", "prospect"), "buy", "buying", "purchase", "quote", "pricing",
                "demo", "trial", "upgrade", "license", "licence", "seats", "discount", "contract", "interested", "offer",
                "proposal", "enterprise", "budget");
        put(r, List.of("support", "help", "question", "howto"), "help", "how", "question", "assist", "support", "unable",
                "explain", "guide", "documentation", "docs");
        put(r, List.of("feedback", "suggestion", "feature", "idea", "request"), "feedback", "suggest", "suggestion", "idea",
                "feature", "request", "improve", "improvement", "wish", "would", "love");
        put(r, List.of("complaint", "complain"), "complain", "complaint", "unhappy", "disappointed", "angry", "terrible",
                "unacceptable", "worst", "awful", "rude");
        put(r, List.of("spam", "junk"), "unsubscribe", "winner", "prize", "lottery", "click", "free", "viagra", "crypto",
                "congratulations");
        put(r, List.of("urgent", "critical", "emergency", "priority"), "urgent", "asap", "immediately", "critical",
                "emergency", "outage", "down", "now", "blocker", "severe");
        put(r, List.of("account", "login", "access", "password"), "login", "log", "password", "sign", "signin", "account",
                "access", "locked", "reset", "2fa", "username");
        put(r, List.of("shipping", "delivery", "shipment", "order"), "ship", "shipping", "shipped", "deliver", "delivery",
                "package", "parcel", "tracking", "arrive", "arrived", "courier", "late", "order");
        put(r, List.of("refund", "return", "cancellation", "cancel", "churn"), "refund", "return", "cancel", "cancellation",
                "terminate", "money", "back", "unsubscribe", "close");
        put(r, List.of("praise", "compliment", "positive"), "thanks", "thank", "great", "love", "excellent", "amazing",
                "awesome", "happy");
        return Map.copyOf(r);
    }

    private static void put(Map<String, List<String>> r, List<String> names, String... words) {
        for (String n : names) {
            r.merge(Texts.stem(n), List.of(words), (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
        }
    }
}

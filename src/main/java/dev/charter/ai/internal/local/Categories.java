package dev.charter.ai.internal.local;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.charter.ai.AiTask;
import dev.charter.ai.CategoryDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Classification into the categories the instruction names (classify as <i>billing, bug or sales</i>): each category
 * is described by its name and, for common support and sales categories, a built-in list of related words, and the
 * text is compared with each by {@link CategorySimilarity}. The most similar wins; equal similarities go to the
 * category named first; no shared word at all gives no category.
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
        List<CategoryDefinition> definitions = new ArrayList<>();
        for (String category : categories) {
            Set<String> related = new LinkedHashSet<>();
            for (String w : Texts.contentWords(category)) {
                related.addAll(RELATED.getOrDefault(Texts.stem(w), List.of()));
            }
            definitions.add(new CategoryDefinition(category, String.join(" ", related), List.of()));
        }
        List<CategorySimilarity.Scored> ranked = definitions.isEmpty() ? List.of() : CategorySimilarity.rank(text, definitions);
        Map<String, CategorySimilarity.Scored> byName = new LinkedHashMap<>();
        ranked.forEach(r -> byName.put(r.name(), r));
        CategorySimilarity.Scored best = ranked.isEmpty() || ranked.get(0).similarity() == 0 ? null : ranked.get(0);
        CategorySimilarity.Scored second = best == null || ranked.size() < 2 ? null : ranked.get(1);

        ObjectNode json = LocalAnswer.base("classify");
        if (best == null) {
            json.putNull("category");
        } else {
            json.put("category", best.name());
        }
        json.put("confidence", best == null ? 0 : LocalAnswer.round2(best.similarity()));
        if (second != null) {
            json.put("runnerUp", second.name());
            json.put("runnerUpConfidence", LocalAnswer.round2(second.similarity()));
        }
        json.put("model", TrainedClassifiers.CATEGORY_MODEL);
        categories.forEach(json.putArray("categories")::add);
        ObjectNode scoreNode = json.putObject("scores");
        ObjectNode matchedNode = json.putObject("matched");
        for (String c : categories) {
            CategorySimilarity.Scored r = byName.get(c);
            scoreNode.put(c, LocalAnswer.round2(r.similarity()));
            r.matched().forEach(matchedNode.putArray(c)::add);
            if (r.matched().isEmpty()) {
                matchedNode.putArray(c);
            }
        }
        if (categories.isEmpty()) {
            json.put("note", "The instruction names no categories; write for example: classify as billing, bug or sales.");
        }
        return new LocalAnswer(AiTask.CLASSIFY, best == null ? "" : best.name(), json);
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

package dev.charter.ai.internal.local;

import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word-list classifiers of the local fallback behind the {@link LocalClassifiers} interface: sentiment from the
 * lexicon of {@link Sentiment}, categories by the cosine of word counts between the text and each category's
 * description and examples.
 */
public final class LexiconClassifiers implements LocalClassifiers {

    @Override
    public Classification sentiment(String text) {
        LocalAnswer a = Sentiment.classify(text == null ? "" : text);
        double confidence = a.json().path("confidence").asDouble();
        String label = a.text();
        String runnerUp = "neutral".equals(label) ? (a.json().path("score").asDouble() < 0 ? "negative" : "positive") : "neutral";
        return new Classification(label, confidence, runnerUp, Math.max(0, 1 - confidence) / 2, "charter-local/sentiment-lexicon");
    }

    @Override
    public Classification category(String text, List<CategoryDefinition> categories) {
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("at least one category is needed");
        }
        Map<String, Integer> words = counts(text == null ? "" : text);
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        for (CategoryDefinition c : categories) {
            StringBuilder all = new StringBuilder(c.name()).append(' ').append(c.description());
            c.examples().forEach(e -> all.append(' ').append(e));
            scored.add(Map.entry(c.name(), cosine(words, counts(all.toString()))));
        }
        scored.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        Map.Entry<String, Double> best = scored.get(0);
        Map.Entry<String, Double> second = scored.size() > 1 ? scored.get(1) : null;
        return new Classification(best.getKey(), best.getValue(), second == null ? null : second.getKey(),
                second == null ? 0 : second.getValue(), "charter-local/category-overlap");
    }

    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> m = new HashMap<>();
        Texts.words(text).forEach(w -> m.merge(w, 1, Integer::sum));
        return m;
    }

    private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        double dot = 0, na = 0, nb = 0;
        for (var e : a.entrySet()) {
            dot += e.getValue() * (double) b.getOrDefault(e.getKey(), 0);
            na += e.getValue() * (double) e.getValue();
        }
        for (int v : b.values()) {
            nb += v * (double) v;
        }
        return na == 0 || nb == 0 ? 0 : Math.min(1, dot / Math.sqrt(na * nb));
    }
}

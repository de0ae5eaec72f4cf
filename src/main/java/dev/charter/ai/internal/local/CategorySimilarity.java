package dev.charter.ai.internal.local;

import dev.charter.ai.CategoryDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much a text is like each of a set of categories, from the categories' own words. Every phrase of a category
 * (its name with its description, and each example phrase) is a document; terms are Snowball stems of the words
 * other than stop words; a term weighs {@code (1 + ln tf) × idf}, with the BM25 idf
 * {@code ln(1 + (N - df + 0.5) / (df + 0.5))} over the N phrases of all categories, so a word every category uses
 * counts little and a word no category uses still lengthens the text. A category's similarity is
 * {@code 0.6 × the best cosine between the text and one of its phrases + 0.4 × the cosine with all its phrases
 * together}, between 0 (no term shared) and 1 (the text is one of its phrases).
 */
final class CategorySimilarity {

    /** One category's similarity, with the text's words it shares. */
    record Scored(String name, double similarity, List<String> matched) {}

    private CategorySimilarity() {}

    /** The categories from most to least similar; equal similarities keep the order given. */
    static List<Scored> rank(String text, List<CategoryDefinition> categories) {
        List<List<Map<String, Integer>>> phrases = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        int n = 0;
        for (CategoryDefinition c : categories) {
            List<Map<String, Integer>> own = new ArrayList<>();
            own.add(terms(c.name() + " . " + c.description(), null));
            for (String e : c.examples()) {
                own.add(terms(e, null));
            }
            own.removeIf(Map::isEmpty);
            for (Map<String, Integer> p : own) {
                p.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
                n++;
            }
            phrases.add(own);
        }
        Map<String, String> surface = new LinkedHashMap<>();
        Map<String, Double> query = weigh(terms(text == null ? "" : text, surface), df, n);
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            double best = 0;
            Map<String, Integer> together = new HashMap<>();
            for (Map<String, Integer> p : phrases.get(i)) {
                best = Math.max(best, cosine(query, weigh(p, df, n)));
                p.forEach((t, c) -> together.merge(t, c, Integer::sum));
            }
            double all = cosine(query, weigh(together, df, n));
            double similarity = Math.min(1, Math.max(0, 0.6 * best + 0.4 * all));
            Set<String> matched = new LinkedHashSet<>();
            surface.forEach((stem, word) -> {
                if (together.containsKey(stem)) {
                    matched.add(word);
                }
            });
            out.add(new Scored(categories.get(i).name(), similarity, List.copyOf(matched)));
        }
        List<Scored> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingDouble(Scored::similarity).reversed());
        return sorted;
    }

    /** Stem counts of the words of {@code text} other than stop words; {@code surface} collects stem → first word. */
    static Map<String, Integer> terms(String text, Map<String, String> surface) {
        Map<String, Integer> tf = new LinkedHashMap<>();
        for (String token : SentimentFeatures.tokens(text)) {
            if (!Character.isLetterOrDigit(token.charAt(0)) || Texts.STOPWORDS.contains(token)) {
                continue;
            }
            String stem = Stems.of(token);
            tf.merge(stem, 1, Integer::sum);
            if (surface != null) {
                surface.putIfAbsent(stem, token);
            }
        }
        return tf;
    }

    private static Map<String, Double> weigh(Map<String, Integer> tf, Map<String, Integer> df, int n) {
        Map<String, Double> w = new HashMap<>();
        tf.forEach((t, c) -> {
            int d = df.getOrDefault(t, 0);
            double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
            w.put(t, (1 + Math.log(c)) * idf);
        });
        return w;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0, na = 0, nb = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            if (other != null) {
                dot += e.getValue() * other;
            }
            na += e.getValue() * e.getValue();
        }
        for (double v : b.values()) {
            nb += v * v;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}

package dev.charter.ai.internal.local;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Text helpers of the local fallback: the text in the data, sentences, words. All deterministic, no locale lookups. */
final class Texts {

    /** Words that carry no topic: they do not count toward a sentence's score or a category's keywords. */
    static final Set<String> STOPWORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
            "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
            "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
            "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
            "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
            "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
            "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
            "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
            "you", "your", "yours", "yourself", "yourselves", "s", "t", "don", "didn", "doesn", "isn", "wasn", "won",
            "can't", "cannot", "let", "us", "may", "might", "must", "shall", "get", "got", "one", "two");

    private Texts() {}

    /**
     * The text in the data: a string as it is; for objects and arrays every string value, depth first in document
     * order, one per line. Numbers, booleans and nulls are not text.
     */
    static String of(JsonNode data) {
        List<String> parts = new ArrayList<>();
        collect(data, parts);
        return String.join("\n", parts);
    }

    private static void collect(JsonNode node, List<String> parts) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            String s = node.stringValue().strip();
            if (!s.isEmpty()) {
                parts.add(s);
            }
        } else if (node.isArray()) {
            node.values().forEach(v -> collect(v, parts));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), parts);
            }
        }
    }

    /**
     * Sentences: split after {@code .}, {@code !} or {@code ?} followed by white space, and at line breaks. A period after
     * a single capital letter or a common abbreviation does not end a sentence.
     */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int start = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                boolean end = (c == '.' || c == '!' || c == '?') && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)));
                if (end && c == '.' && abbreviation(line, start, i)) {
                    end = false;
                }
                if (end) {
                    add(out, line.substring(start, i + 1));
                    start = i + 1;
                }
            }
            add(out, line.substring(start));
        }
        return out;
    }

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "vs",
            "etc", "e.g", "i.e", "approx", "no", "st", "jr", "sr", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec");

    private static boolean abbreviation(String line, int start, int dot) {
        int w = dot;
        while (w > start && !Character.isWhitespace(line.charAt(w - 1))) {
            w--;
        }
        String word = line.substring(w, dot).toLowerCase(Locale.ROOT);
        return (word.length() == 1 && Character.isLetter(word.charAt(0))) || ABBREVIATIONS.contains(word);
    }

    private static void add(List<String> out, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** Lower-case words (letters, digits and inner apostrophes), accents kept. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        String t = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        int i = 0;
        while (i < t.length()) {
            while (i < t.length() && !Character.isLetterOrDigit(t.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i))
                    || (t.charAt(i) == '\'' && i + 1 < t.length() && Character.isLetter(t.charAt(i + 1))))) {
                i++;
            }
            if (i > s) {
                out.add(t.substring(s, i));
            }
        }
        return out;
    }

    /** Words that carry a topic: not stop words, at least two characters, not only digits. */
    static List<String> contentWords(String text) {
        return words(text).stream().filter(Texts::isContent).toList();
    }

    static boolean isContent(String w) {
        return w.length() > 1 && !STOPWORDS.contains(w) && !w.chars().allMatch(Character::isDigit);
    }

    /**
     * A crude English stem so that invoice, invoices and invoiced meet: one common suffix cut, then a final e, keeping
     * at least three letters.
     */
    static String stem(String w) {
        String base = w;
        for (String suffix : new String[] {"ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"}) {
            if (w.endsWith(suffix) && w.length() - suffix.length() >= 3 && !w.endsWith("ss")) {
                base = w.substring(0, w.length() - suffix.length());
                if (suffix.startsWith("ie")) {
                    base = base + "y";
                }
                break;
            }
        }
        return base.length() > 3 && base.endsWith("e") ? base.substring(0, base.length() - 1) : base;
    }
}

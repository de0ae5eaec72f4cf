package dev.charter.ai.internal.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The features the sentiment model reads from a text, the same at training and at classification time: lower-cased
 * word tokens (letters, digits and inner apostrophes; a letter repeated three times or more is cut to two, so
 * "soooo" and "sooo" meet), with every word after a negation (not, no, never, a word ending in n't, and their common
 * misspellings such as dont) marked {@code not_} up to the next punctuation mark or "but"; then word unigrams
 * {@code w:}, bigrams {@code b:} within a clause, an exclamation and a question mark {@code p:}, and, when the
 * model was trained with them, character trigrams {@code c:} of each word wrapped in {@code <>}, which let a
 * misspelt word share most of its features with the right spelling. Each feature counts once. Linear time, no
 * regular expressions.
 */
final class SentimentFeatures {

    /** Words that turn what follows into its negation. */
    static final Set<String> NEGATORS = Set.of("not", "no", "never", "nothing", "nobody", "none", "neither", "nor",
            "nowhere", "cannot", "without", "hardly", "barely", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent",
            "werent", "wont", "cant", "couldnt", "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "aint");

    /** Words that end a negation's reach as punctuation does. */
    static final Set<String> SCOPE_ENDERS = Set.of("but", "however", "although", "though", "yet");

    private final boolean charGrams;
    private final boolean stems;

    SentimentFeatures(boolean charGrams, boolean stems) {
        this.charGrams = charGrams;
        this.stems = stems;
    }

    boolean charGrams() {
        return charGrams;
    }

    /** The distinct features of {@code text}, in the order they first appear. */
    Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        List<String> clause = new ArrayList<>();
        boolean negated = false;
        for (String token : tokens(text)) {
            if (token.length() == 1 && !Character.isLetterOrDigit(token.charAt(0))) {
                if (token.equals("!") || token.equals("?")) {
                    out.add("p:" + token);
                }
                bigrams(clause, out);
                clause.clear();
                negated = false;
                continue;
            }
            if (SCOPE_ENDERS.contains(token)) {
                bigrams(clause, out);
                clause.clear();
                negated = false;
                out.add("w:" + token);
                clause.add(token);
                continue;
            }
            String base = stems ? Stems.of(token) : token;
            String marked = negated ? "not_" + base : base;
            out.add("w:" + marked);
            clause.add(marked);
            if (charGrams) {
                trigrams(token, out);
            }
            if (isNegator(token)) {
                negated = true;
            }
        }
        bigrams(clause, out);
        return out;
    }

    static boolean isNegator(String token) {
        return NEGATORS.contains(token) || token.endsWith("n't");
    }

    private static void bigrams(List<String> clause, Set<String> out) {
        for (int i = 1; i < clause.size(); i++) {
            out.add("b:" + clause.get(i - 1) + "_" + clause.get(i));
        }
    }

    private static void trigrams(String word, Set<String> out) {
        if (word.length() < 3) {
            return;
        }
        String w = "<" + word + ">";
        for (int i = 0; i + 3 <= w.length(); i++) {
            out.add("c:" + w.substring(i, i + 3));
        }
    }

    /**
     * Word tokens and single punctuation marks ({@code . , ; : ! ?} and line breaks as {@code .}), lower case.
     * Curly apostrophes count as straight ones; an apostrophe is kept only between letters.
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String s = text.toLowerCase(Locale.ROOT);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            if (Character.isLetterOrDigit(c)) {
                int len = word.length();
                if (len >= 2 && word.charAt(len - 1) == c && word.charAt(len - 2) == c && Character.isLetter(c)) {
                    continue;
                }
                word.append(c);
                continue;
            }
            if (c == '\'' && word.length() > 0 && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                word.append(c);
                continue;
            }
            flush(word, out);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
                out.add(String.valueOf(c));
            } else if (c == '\n') {
                out.add(".");
            }
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}

package dev.charter.ai.internal.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Extractive summary: every sentence is scored by how frequent its words are in the whole text, and the best
 * {@code n} are kept in their original order.
 */
final class Summarizer {

    static final int DEFAULT_SENTENCES = 3;
    static final int MAX_SENTENCES = 20;

    // "in 2 sentences", "three bullet points", "5 lines"; bounded, no nested quantifiers
    private static final Pattern COUNT = Pattern.compile(
            "\\b(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\\s+(?:short\\s+|key\\s+|bullet\\s+)?(?:sentences?|points?|lines?|bullets?)\\b");
    private static final List<String> NUMBERS = List.of("one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten");

    private Summarizer() {}

    /** How many sentences the instruction asks for, or the default. */
    static int requestedCount(String instruction) {
        Matcher m = COUNT.matcher(instruction.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return DEFAULT_SENTENCES;
        }
        String n = m.group(1);
        int count = Character.isDigit(n.charAt(0)) ? Integer.parseInt(n) : NUMBERS.indexOf(n) + 1;
        return Math.max(1, Math.min(MAX_SENTENCES, count));
    }

    static LocalAnswer summarize(String instruction, String text) {
        List<String> sentences = Texts.sentences(text);
        int n = Math.min(requestedCount(instruction), sentences.size());
        Map<String, Integer> frequency = new HashMap<>();
        List<List<String>> stems = new ArrayList<>();
        for (String s : sentences) {
            List<String> words = Texts.contentWords(s).stream().map(Texts::stem).toList();
            stems.add(words);
            words.forEach(w -> frequency.merge(w, 1, Integer::sum));
        }
        int max = frequency.values().stream().max(Integer::compare).orElse(1);
        List<Integer> order = new ArrayList<>();
        double[] score = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            List<String> words = stems.get(i);
            Set<String> distinct = new LinkedHashSet<>(words);
            double sum = 0;
            for (String w : distinct) {
                sum += frequency.get(w) / (double) max;
            }
            score[i] = words.isEmpty() ? 0 : sum / Math.sqrt(words.size());
            order.add(i);
        }
        // best first; equal scores keep the earlier sentence
        order.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i));
        List<Integer> kept = new ArrayList<>(order.subList(0, n));
        kept.sort(Integer::compare);

        ObjectNode json = LocalAnswer.base("summarize");
        ArrayNode picked = json.putArray("sentences");
        List<String> summary = new ArrayList<>();
        for (int i : kept) {
            picked.add(sentences.get(i));
            summary.add(sentences.get(i));
        }
        String joined = String.join(" ", summary);
        json.put("summary", joined);
        json.put("kept", kept.size());
        json.put("of", sentences.size());
        return new LocalAnswer(dev.charter.ai.AiTask.SUMMARIZE, joined, json);
    }

}

package dev.charter.ai.internal.local;

import dev.charter.ai.AiTask;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lexicon-based sentiment: positive and negative words count +1 and -1, an intensifier before a word counts it 1.5
 * times, and a negation flips the next sentiment word within three words of the same sentence. The score is the sum divided by the number of sentiment words.
 */
final class Sentiment {

    static final double THRESHOLD = 0.25;

    static final Set<String> POSITIVE = Set.of("good", "great", "excellent", "amazing", "awesome", "fantastic", "wonderful",
            "love", "loved", "loves", "lovely", "liked", "happy", "glad", "pleased", "delighted", "satisfied",
            "thanks", "thank", "thankful", "grateful", "appreciate", "appreciated", "helpful", "perfect", "best", "better",
            "nice", "fast", "quick", "easy", "smooth", "reliable", "impressive", "impressed", "recommend", "recommended",
            "enjoy", "enjoyed", "brilliant", "superb", "outstanding", "friendly", "useful", "works", "working", "solved",
            "resolved", "fixed", "success", "successful", "win", "won", "positive", "beautiful", "clean", "clear", "kind",
            "excited", "exciting", "wow", "fine", "valuable", "worth", "efficient", "intuitive", "stable", "secure");

    static final Set<String> NEGATIVE = Set.of("bad", "terrible", "awful", "horrible", "poor", "worst", "worse", "hate",
            "hated", "hates", "angry", "annoyed", "annoying", "frustrated", "frustrating", "disappointed", "disappointing",
            "unhappy", "sad", "upset", "slow", "broken", "broke", "bug", "bugs", "buggy", "crash", "crashed", "crashes",
            "error", "errors", "fail", "failed", "fails", "failure", "problem", "problems", "issue", "issues", "wrong",
            "useless", "difficult", "hard", "confusing", "confused", "expensive", "overpriced", "refund", "cancel",
            "complaint", "complain", "unacceptable", "ridiculous", "rude", "late", "delay", "delayed", "missing", "lost",
            "stuck", "unreliable", "unstable", "insecure", "negative", "waste", "wasted", "pain", "painful",
            "nightmare", "scam", "spam", "ugly", "lag", "laggy", "outage", "down");

    static final Set<String> NEGATORS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
            "without", "hardly", "barely", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "wasn't",
            "aren't", "weren't", "shouldn't", "wouldn't", "couldn't", "haven't", "hasn't");

    static final Set<String> INTENSIFIERS = Set.of("very", "really", "extremely", "so", "super", "incredibly",
            "absolutely", "totally", "highly", "truly", "completely", "utterly", "most");

    private Sentiment() {}

    /** Running totals over the sentences. */
    private static final class Tally {
        double sum;
        int count;
        final Set<String> positive = new LinkedHashSet<>();
        final Set<String> negative = new LinkedHashSet<>();

        void sentence(List<String> words) {
            int negation = 0;
            double boost = 1;
            for (String w : words) {
                if (POSITIVE.contains(w) || NEGATIVE.contains(w)) {
                    double value = (POSITIVE.contains(w) ? 1 : -1) * boost * (negation > 0 ? -1 : 1);
                    sum += value;
                    count++;
                    (value > 0 ? positive : negative).add(negation > 0 ? "not " + w : w);
                    negation = 0;
                    boost = 1;
                    continue;
                }
                boost = INTENSIFIERS.contains(w) ? 1.5 : 1;
                negation = NEGATORS.contains(w) ? 3 : Math.max(0, negation - 1);
            }
        }
    }

    static LocalAnswer classify(String text) {
        Tally t = new Tally();
        Texts.sentences(text).forEach(s -> t.sentence(Texts.words(s)));
        double sum = t.sum;
        int count = t.count;
        Set<String> positive = t.positive;
        Set<String> negative = t.negative;
        double score = count == 0 ? 0 : Math.max(-1, Math.min(1, sum / count));
        String label = score >= THRESHOLD ? "positive" : score <= -THRESHOLD ? "negative" : "neutral";
        double evidence = count / (count + 1.0);
        double confidence = count == 0 ? 0.5
                : "neutral".equals(label) ? (1 - Math.abs(score)) * evidence : Math.abs(score) * evidence;

        ObjectNode json = LocalAnswer.base("sentiment");
        json.put("label", label);
        json.put("score", LocalAnswer.round2(score));
        json.put("confidence", LocalAnswer.round2(confidence));
        positive.forEach(json.putArray("positive")::add);
        negative.forEach(json.putArray("negative")::add);
        return new LocalAnswer(AiTask.SENTIMENT, label, json);
    }
}

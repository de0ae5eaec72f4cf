package dev.charter.ai.internal.local;

import dev.charter.ai.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trained sentiment classifier: a logistic regression over {@link SentimentFeatures} (trained with Tribuo on the
 * public Sentiment Labelled Sentences, never on customer data; {@code bench/train-sentiment.sh} rebuilds it), whose
 * weights are the readable resource {@code sentiment-model.json}, loaded once. The raw score is Platt-calibrated on
 * sentences of a source the model had not seen, so {@code p} is the probability that the text is positive.
 *
 * <p>Three labels come out of two classes: with {@code m = max(p, 1 - p)} the polar label scores {@code m} and
 * {@code neutral} scores {@code 2 (1 - m)}, the share of the probability the two sides split evenly. So a text is
 * neutral exactly when {@code m < 2/3}, and also when none of its features is known to the model.
 */
public final class SentimentModel {

    public static final String RESOURCE = "sentiment-model.json";

    private final String name;
    private final SentimentFeatures features;
    private final Map<String, Double> weights;
    private final boolean normalized;
    private final double bias;
    private final double plattA;
    private final double plattB;

    SentimentModel(String name, boolean charGrams, boolean stems, boolean normalized, Map<String, Double> weights, double bias,
                   double plattA, double plattB) {
        this.name = name;
        this.normalized = normalized;
        this.features = new SentimentFeatures(charGrams, stems);
        this.weights = Map.copyOf(weights);
        this.bias = bias;
        this.plattA = plattA;
        this.plattB = plattB;
    }

    /** The committed model, read once per class loader. */
    public static SentimentModel shared() {
        return Holder.MODEL;
    }

    private static final class Holder {
        static final SentimentModel MODEL = load();
    }

    /** Reads the model committed with the code. */
    public static SentimentModel load() {
        try (InputStream in = SentimentModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sentiment model resource " + RESOURCE + " is missing");
            }
            return read(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SentimentModel read(JsonNode json) {
        Map<String, Double> w = new HashMap<>();
        json.path("weights").properties().forEach(e -> w.put(e.getKey(), e.getValue().asDouble()));
        JsonNode platt = json.path("calibration");
        return new SentimentModel(json.path("model").asString(), json.path("charGrams").asBoolean(), json.path("stems").asBoolean(),
                json.path("normalized").asBoolean(), w,
                json.path("bias").asDouble(), platt.path("a").asDouble(1), platt.path("b").asDouble(0));
    }

    public String name() {
        return name;
    }

    int size() {
        return weights.size();
    }

    /** The model's reading of one text. */
    record Score(double logit, double probability, int known, List<String> positive, List<String> negative) {}

    /** The uncalibrated log-odds of positive, with the features it rests on. */
    Score score(String text) {
        double sum = 0;
        int known = 0;
        List<Map.Entry<String, Double>> words = new ArrayList<>();
        for (String f : features.of(text == null ? "" : text)) {
            Double w = weights.get(f);
            if (w != null) {
                sum += w;
                known++;
                if (f.startsWith("w:")) {
                    words.add(Map.entry(f.substring(2).replace("not_", "not "), w));
                }
            }
        }
        double logit = bias + (normalized && known > 0 ? sum / Math.sqrt(known) : sum);
        words.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())));
        List<String> pos = new ArrayList<>();
        List<String> neg = new ArrayList<>();
        for (Map.Entry<String, Double> e : words) {
            if (Math.abs(e.getValue()) < 0.25) {
                break;
            }
            List<String> side = e.getValue() > 0 ? pos : neg;
            if (side.size() < 5) {
                side.add(e.getKey());
            }
        }
        return new Score(logit, calibrated(logit), known, pos, neg);
    }

    /** Platt scaling: the probability of positive for a raw log-odds. */
    double calibrated(double logit) {
        return 1 / (1 + Math.exp(-(plattA * logit + plattB)));
    }

    /** The three-label classification of a score (see the class comment). */
    Classification classify(Score s) {
        double p = s.probability();
        double m = Math.max(p, 1 - p);
        String polar = p >= 0.5 ? "positive" : "negative";
        double neutral = Math.min(1, 2 * (1 - m));
        if (s.known() == 0) {
            return new Classification("neutral", 1, polar, m, name);
        }
        if (neutral > m) {
            return new Classification("neutral", neutral, polar, m, name);
        }
        return new Classification(polar, m, "neutral", neutral, name);
    }

    public Classification classify(String text) {
        return classify(score(text));
    }
}

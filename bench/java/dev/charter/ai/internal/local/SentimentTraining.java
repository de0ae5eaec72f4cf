package dev.charter.ai.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Training of the sentiment model on the UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015) as npm's
 * {@code sentiment@5.0.2} ships them under {@code test/fixtures/{amazon,imdb,yelp}.json}: features from
 * {@link SentimentFeatures} that occur in at least {@link #MIN_DOCS} training sentences, a logistic regression by
 * Tribuo (log loss, AdaGrad, fixed seed, so the same data gives the same weights), the two classes' weights folded
 * into one vector of log-odds, and Platt scaling fitted on the log-odds of sentences from a source the model did
 * not see (each training source left out in turn), because the texts the model will read come from no source it
 * was trained on.
 */
final class SentimentTraining {

    static final List<String> SOURCES = List.of("amazon", "imdb", "yelp");
    static final long SEED = 20151010L;

    /** How a model is trained: the feature set, the minimum number of sentences a feature occurs in, the epochs and
     *  AdaGrad's learning rate, and whether a text's feature values are 1/sqrt(number of its known features). */
    record Options(boolean charGrams, int minDocs, int epochs, double rate, boolean normalized, boolean stems) {
        Options withCharGrams(boolean c) {
            return new Options(c, minDocs, epochs, rate, normalized, stems);
        }

        SentimentFeatures features() {
            return new SentimentFeatures(charGrams, stems);
        }
    }

    static final Options DEFAULT = new Options(true, 2, 8, 0.1, false, true);
    static final String MODEL_NAME = "charter-local/sentiment-lr-2";

    /** @param label 1 positive, 0 negative, {@link #NEUTRAL} neutral */
    record Sentence(String source, String text, int label) {}

    /** The label of a neutral sentence: trained as half positive and half negative. */
    static final int NEUTRAL = -1;
    /** The source name of the support messages written for Charter (bench/sentiment/support-messages.tsv). */
    static final String SUPPORT = "support";
    static final Path SUPPORT_FILE = Path.of("bench", "sentiment", "support-messages.tsv");
    /** How much one support message counts against one review sentence: they are few, and they are the domain. */
    static final float SUPPORT_WEIGHT = 3f;

    /** The support messages of one set ("train" or "test") of {@link #SUPPORT_FILE}. */
    static List<Sentence> support(String set) throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (String line : Files.readAllLines(SUPPORT_FILE)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3) {
                throw new IllegalStateException("not set, label and text: " + line);
            }
            if (f[0].equals(set)) {
                int label = switch (f[1]) {
                    case "positive" -> 1;
                    case "negative" -> 0;
                    case "neutral" -> NEUTRAL;
                    default -> throw new IllegalStateException("unknown label: " + line);
                };
                out.add(new Sentence(SUPPORT, f[2], label));
            }
        }
        return out;
    }

    private SentimentTraining() {}

    /** The labelled sentences of the named sources; the one empty record with class null of each file is skipped. */
    static List<Sentence> load(Path fixtures, List<String> sources) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Sentence> out = new ArrayList<>();
        for (String source : sources) {
            JsonNode all = json.readTree(Files.readString(fixtures.resolve(source + ".json")));
            for (JsonNode r : all) {
                if (r.path("class").isNull() || r.path("class").isMissingNode() || r.path("text").asString("").isBlank()) {
                    continue;
                }
                out.add(new Sentence(source, r.path("text").asString(), r.path("class").asInt()));
            }
        }
        return out;
    }

    /** Where the fixtures are: {@code CHARTER_SENTIMENT_FIXTURES}, which bench/train-sentiment.sh sets. */
    static Path fixtures() {
        String dir = System.getenv("CHARTER_SENTIMENT_FIXTURES");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("set CHARTER_SENTIMENT_FIXTURES to the sentiment package's test/fixtures "
                    + "folder (bench/train-sentiment.sh does)");
        }
        return Path.of(dir);
    }

    /** An uncalibrated linear model: log-odds of positive = bias + the sum of the weights of the text's features. */
    record Linear(Map<String, Double> weights, double bias, boolean normalized) {
        double logit(Set<String> features) {
            double z = 0;
            int known = 0;
            for (String f : features) {
                Double w = weights.get(f);
                if (w != null) {
                    z += w;
                    known++;
                }
            }
            return bias + (normalized && known > 0 ? z / Math.sqrt(known) : z);
        }
    }

    static Linear train(List<Sentence> data, Options o) {
        SentimentFeatures extractor = o.features();
        List<Set<String>> featureSets = new ArrayList<>();
        Map<String, Integer> docs = new HashMap<>();
        for (Sentence s : data) {
            Set<String> f = extractor.of(s.text());
            featureSets.add(f);
            f.forEach(x -> docs.merge(x, 1, Integer::sum));
        }
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("sentiment-labelled-sentences", labels), labels);
        List<Set<String>> added = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            List<String> kept = new ArrayList<>();
            for (String f : featureSets.get(i)) {
                if (docs.get(f) >= o.minDocs()) {
                    kept.add(f);
                }
            }
            if (kept.isEmpty()) {
                continue; // nothing to learn from
            }
            double[] ones = new double[kept.size()];
            java.util.Arrays.fill(ones, o.normalized() ? 1 / Math.sqrt(kept.size()) : 1.0);
            Sentence sentence = data.get(i);
            float weight = SUPPORT.equals(sentence.source()) ? SUPPORT_WEIGHT : 1f;
            if (sentence.label() == NEUTRAL) {
                // half each way: its words learn to say nothing either way
                for (String side : List.of("positive", "negative")) {
                    ArrayExample<Label> half = new ArrayExample<>(new Label(side), kept.toArray(String[]::new), ones);
                    half.setWeight(weight / 2);
                    dataset.add(half);
                    added.add(featureSets.get(i));
                }
            } else {
                ArrayExample<Label> example = new ArrayExample<>(new Label(sentence.label() == 1 ? "positive" : "negative"),
                        kept.toArray(String[]::new), ones);
                example.setWeight(weight);
                dataset.add(example);
                added.add(featureSets.get(i));
            }
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(o.rate(), 0.1), o.epochs(), Integer.MAX_VALUE, 1, SEED);
        LinearSGDModel model = trainer.train(dataset);
        DenseMatrix w = model.getWeightsCopy();
        int pos = model.getOutputIDInfo().getID(new Label("positive"));
        int neg = model.getOutputIDInfo().getID(new Label("negative"));
        int n = model.getFeatureIDMap().size();
        if (w.getDimension2Size() != n + 1) {
            throw new IllegalStateException("unexpected weight shape " + w.getDimension1Size() + "x" + w.getDimension2Size());
        }
        Map<String, Double> weights = new TreeMap<>();
        for (int j = 0; j < n; j++) {
            double d = w.get(pos, j) - w.get(neg, j);
            if (d != 0) {
                weights.put(model.getFeatureIDMap().get(j).getName(), d);
            }
        }
        Linear linear = new Linear(weights, w.get(pos, n) - w.get(neg, n), o.normalized());
        // the folded vector must give Tribuo's own probabilities
        for (int i = 0; i < Math.min(20, dataset.size()); i++) {
            double tribuo = model.predict(dataset.getExample(i)).getOutputScores().get("positive").getScore();
            double ours = 1 / (1 + Math.exp(-linear.logit(added.get(i))));
            if (Math.abs(tribuo - ours) > 1e-3) {
                throw new IllegalStateException("folded weights disagree with Tribuo: " + tribuo + " vs " + ours);
            }
        }
        return linear;
    }

    /** Platt's a and b: Newton's method on the log loss of sigmoid(a z + b), each step halved until the loss falls. */
    static double[] platt(double[] z, int[] y) {
        double a = 1, b = 0;
        double loss = logLoss(z, y, a, b);
        for (int iter = 0; iter < 200; iter++) {
            double ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
            for (int i = 0; i < z.length; i++) {
                double p = sigmoid(a * z[i] + b);
                double r = p - y[i];
                double s = p * (1 - p);
                ga += r * z[i];
                gb += r;
                haa += s * z[i] * z[i];
                hab += s * z[i];
                hbb += s;
            }
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double step = 1;
            double next = logLoss(z, y, a - da, b - db);
            while (next > loss && step > 1e-6) {
                step /= 2;
                next = logLoss(z, y, a - step * da, b - step * db);
            }
            if (next > loss) {
                break;
            }
            a -= step * da;
            b -= step * db;
            if (loss - next < 1e-10) {
                loss = next;
                break;
            }
            loss = next;
        }
        return new double[] {a, b};
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logLoss(double[] z, int[] y, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(a * z[i] + b)));
            sum -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum / z.length;
    }

    /** A trained model with its Platt parameters. */
    record Fitted(Linear linear, double a, double b, Options options) {
        SentimentModel model() {
            return new SentimentModel(MODEL_NAME, options.charGrams(), options.stems(), options.normalized(), linear.weights(), linear.bias(), a, b);
        }
    }

    /** The calibrated model: Platt fitted on out-of-source log-odds, then trained on all of {@code data}. */
    static Fitted fit(List<Sentence> data, Options o) {
        List<String> sources = data.stream().map(Sentence::source).distinct().toList();
        List<Double> zs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        SentimentFeatures extractor = o.features();
        for (String out : sources) {
            List<Sentence> rest = data.stream().filter(s -> !s.source().equals(out)).toList();
            if (rest.isEmpty()) {
                continue;
            }
            Linear inner = train(rest, o);
            for (Sentence s : data) {
                if (s.source().equals(out) && s.label() != NEUTRAL) {
                    zs.add(inner.logit(extractor.of(s.text())));
                    ys.add(s.label());
                }
            }
        }
        double[] ab = zs.isEmpty() ? new double[] {1, 0}
                : platt(zs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToInt(Integer::intValue).toArray());
        Linear all = train(data, o);
        return new Fitted(all, ab[0], ab[1], o);
    }

    /** The model as the readable resource {@link SentimentModel#load()} reads; weights rounded to 4 decimals. */
    static String toJson(Fitted fitted, int sentences, int support) {
        Linear linear = fitted.linear();
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("model", MODEL_NAME);
        root.put("kind", "logistic regression (Tribuo LinearSGDTrainer, LogMulticlass, AdaGrad), classes folded to log-odds of positive");
        root.put("trainedOn", "UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), amazon, imdb and yelp, "
                + sentences + " sentences, as npm sentiment@5.0.2 ships them; and " + support + " support messages written "
                + "for Charter (bench/sentiment/support-messages.tsv, its training set, each counting " + SUPPORT_WEIGHT
                + " sentences, neutral ones half each way); no customer data");
        root.put("features", "SentimentFeatures: words, bigrams within a clause, negation marks, ! and ?"
                + (fitted.options().charGrams() ? ", character trigrams" : "") + (fitted.options().stems() ? ", Snowball stems" : "") + "; seen in at least "
                + fitted.options().minDocs() + " sentences" + (fitted.options().normalized() ? "; values 1/sqrt(known features)" : ""));
        root.put("charGrams", fitted.options().charGrams());
        root.put("normalized", fitted.options().normalized());
        root.put("stems", fitted.options().stems());
        ObjectNode cal = root.putObject("calibration");
        cal.put("method", "platt, fitted on sentences of the source left out of training, each in turn");
        cal.put("a", round(fitted.a()));
        cal.put("b", round(fitted.b()));
        root.put("bias", round(linear.bias()));
        ObjectNode weights = root.putObject("weights");
        new TreeMap<>(linear.weights()).forEach((k, v) -> {
            if (Math.abs(round(v)) > 0) {
                weights.put(k, round(v));
            }
        });
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static double round(double x) {
        return Math.round(x * 10000.0) / 10000.0;
    }
}

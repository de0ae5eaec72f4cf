package dev.charter.ai;

import java.util.Objects;

/**
 * One automated judgement about a text, as a product records it: the value, how sure the classifier is, the
 * runner-up and how sure it is of that, and which classifier said so. A product's confidence gate compares
 * {@code confidence} with its minimum and {@code confidence - runnerUpConfidence} with its minimum margin.
 *
 * @param value              the chosen label (for sentiment {@code positive}, {@code negative} or {@code neutral})
 * @param confidence         the classifier's probability or similarity for {@code value}, from 0 to 1
 * @param runnerUp           the second-best label, or null when there was only one candidate
 * @param runnerUpConfidence its confidence, 0 when there is no runner-up
 * @param model              the classifier that decided, for example {@code charter-local/sentiment-lr-2}
 */
public record Classification(String value, double confidence, String runnerUp, double runnerUpConfidence, String model) {

    public Classification {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(model, "model");
        if (!(confidence >= 0 && confidence <= 1) || !(runnerUpConfidence >= 0 && runnerUpConfidence <= 1)) {
            throw new IllegalArgumentException("confidences lie between 0 and 1");
        }
    }

    /** The distance between the best and the second-best result. */
    public double margin() {
        return confidence - runnerUpConfidence;
    }
}

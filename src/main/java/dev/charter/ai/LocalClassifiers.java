package dev.charter.ai;

import java.util.List;

/**
 * Classifiers that run inside the server, for the products' profiling when no model is chosen (and as the local
 * fallback's sentiment and classification tasks). Nothing leaves the server, and nothing they see is kept or
 * learnt from: they are never trained on customer data (DSR-6).
 */
public interface LocalClassifiers {

    /** Positive, negative or neutral, with calibrated probabilities as confidence. */
    Classification sentiment(String text);

    /**
     * The category of {@code categories} the text is most like, by the categories' descriptions and example
     * phrases, with the similarity as confidence. Refuses an empty list of categories.
     */
    Classification category(String text, List<CategoryDefinition> categories);
}

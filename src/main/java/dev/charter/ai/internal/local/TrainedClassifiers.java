package dev.charter.ai.internal.local;

import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import java.util.List;

/**
 * The local classifiers behind {@link LocalClassifiers}: sentiment by the trained {@link SentimentModel} (loaded once),
 * categories by {@link CategorySimilarity} over the categories' descriptions and example phrases, with the
 * similarity as confidence. When the text shares no word with any category, the first category is returned with
 * confidence 0, so that any confidence gate sends it to review.
 */
public final class TrainedClassifiers implements LocalClassifiers {

    public static final String CATEGORY_MODEL = "charter-local/category-tfidf-1";

    private final SentimentModel sentiment;

    public TrainedClassifiers() {
        this(SentimentModel.shared());
    }

    TrainedClassifiers(SentimentModel sentiment) {
        this.sentiment = sentiment;
    }

    @Override
    public Classification sentiment(String text) {
        return sentiment.classify(text == null ? "" : text);
    }

    @Override
    public Classification category(String text, List<CategoryDefinition> categories) {
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("at least one category is needed");
        }
        List<CategorySimilarity.Scored> ranked = CategorySimilarity.rank(text == null ? "" : text, categories);
        CategorySimilarity.Scored best = ranked.get(0);
        CategorySimilarity.Scored second = ranked.size() > 1 ? ranked.get(1) : null;
        return new Classification(best.name(), best.similarity(), second == null ? null : second.name(),
                second == null ? 0 : second.similarity(), CATEGORY_MODEL);
    }
}

package dev.charter.ai.internal.local;

import dev.charter.ai.internal.local.SentimentTraining.Fitted;
import dev.charter.ai.internal.local.SentimentTraining.Sentence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds {@code src/main/resources/dev/charter/ai/internal/local/sentiment-model.json} from the three sources of the
 * Sentiment Labelled Sentences and the training set of the support messages written for Charter
 * ({@code bench/sentiment/support-messages.tsv}; its test set is never trained on). Run by {@code bench/train-sentiment.sh}; the same data gives the same file.
 */
@Tag("bench")
class SentimentModelTrainer {

    static final Path OUTPUT = Path.of("src/main/resources/dev/charter/ai/internal/local", SentimentModel.RESOURCE);

    @Test
    void trainAndWrite() throws IOException {
        List<Sentence> reviews = SentimentTraining.load(SentimentTraining.fixtures(), SentimentTraining.SOURCES);
        List<Sentence> support = SentimentTraining.support("train");
        List<Sentence> all = new java.util.ArrayList<>(reviews);
        all.addAll(support);
        Fitted fitted = SentimentTraining.fit(all, SentimentTraining.DEFAULT);
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, SentimentTraining.toJson(fitted, reviews.size(), support.size()));
    }
}

package dev.charter.ai.internal.local;

import dev.charter.ai.AiTask;
import dev.charter.ai.Classification;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local fallback's sentiment task, read by the trained {@link SentimentModel} (the same model as
 * {@link dev.charter.ai.LocalClassifiers#sentiment}): the label, the score {@code 2p - 1} between -1 and 1 where
 * {@code p} is the calibrated probability of positive, the label's confidence, the runner-up, and the words that
 * weighed most on each side.
 */
final class Sentiment {

    private Sentiment() {}

    static LocalAnswer classify(String text) {
        SentimentModel model = SentimentModel.shared();
        SentimentModel.Score score = model.score(text);
        Classification c = model.classify(score);

        ObjectNode json = LocalAnswer.base("sentiment");
        json.put("label", c.value());
        json.put("score", LocalAnswer.round2(2 * score.probability() - 1));
        json.put("confidence", LocalAnswer.round2(c.confidence()));
        json.put("runnerUp", c.runnerUp());
        json.put("runnerUpConfidence", LocalAnswer.round2(c.runnerUpConfidence()));
        json.put("model", c.model());
        score.positive().forEach(json.putArray("positive")::add);
        score.negative().forEach(json.putArray("negative")::add);
        return new LocalAnswer(AiTask.SENTIMENT, c.value(), json);
    }
}

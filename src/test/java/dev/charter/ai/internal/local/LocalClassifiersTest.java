package dev.charter.ai.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

/**
 * The local classifiers on support messages as customers write them: plain, negated, polite but unhappy, misspelt,
 * non-native and sarcastic. Where the model is known to miss, the test says so and pins the miss, so that a change
 * of the model that fixes or worsens it is noticed.
 */
class LocalClassifiersTest {

    private final LocalClassifiers classifiers = new TrainedClassifiers();

    private String label(String text) {
        return classifiers.sentiment(text).value();
    }

    /**
     * The held-out support messages (the test set of bench/sentiment/support-messages.tsv, never trained on): most
     * get their label, and hardly any is read as its opposite, the mistake that would send a happy customer to a
     * person or leave an angry one with the crew.
     */
    @Test
    void readsHeldOutSupportMessages() throws java.io.IOException {
        int n = 0, right = 0, opposite = 0, negatives = 0, negativeRight = 0;
        StringBuilder misses = new StringBuilder();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("bench", "sentiment", "support-messages.tsv"))) {
            String[] f = line.split("\t", 3);
            if (line.startsWith("#") || f.length != 3 || !f[0].equals("test")) {
                continue;
            }
            String got = label(f[2]);
            n++;
            if (got.equals(f[1])) {
                right++;
            } else {
                misses.append(f[1]).append(" read as ").append(got).append(": ").append(f[2]).append('\n');
                if (!got.equals("neutral") && !f[1].equals("neutral")) {
                    opposite++;
                }
            }
            if (f[1].equals("negative")) {
                negatives++;
                negativeRight += got.equals("negative") ? 1 : 0;
            }
        }
        assertThat(n).isEqualTo(50);
        // the committed model: 45 of 50, 19 of 20 complaints negative, none read as its opposite (the model trained on
        // the reviews alone: 40 of 50, 18 of 20 complaints); see "Crews: Sentiment" in BENCHMARKS.md
        assertThat(right / (double) n).as(misses.toString()).isGreaterThanOrEqualTo(0.88);
        assertThat(opposite).as(misses.toString()).isZero();
        assertThat(negativeRight / (double) negatives).as(misses.toString()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void readsPlainPraiseAndComplaint() {
        Classification happy = classifiers.sentiment("Thank you so much, the new dashboard is fantastic and your team was really helpful!");
        assertThat(happy.value()).isEqualTo("positive");
        assertThat(happy.confidence()).isGreaterThan(0.9);
        assertThat(happy.runnerUp()).isEqualTo("neutral");
        assertThat(happy.margin()).isPositive();
        assertThat(happy.model()).isEqualTo("charter-local/sentiment-lr-2");

        Classification angry = classifiers.sentiment("This is the worst support I have ever had. Nobody answers and the app keeps crashing.");
        assertThat(angry.value()).isEqualTo("negative");
        assertThat(angry.confidence()).isGreaterThan(0.75);
    }

    @Test
    void negationTurnsTheWordsAfterIt() {
        assertThat(label("I would not recommend this to anyone.")).isEqualTo("negative");
        assertThat(label("The update did not fix anything.")).isEqualTo("negative");
        assertThat(label("Never had a problem with it, works great.")).isEqualTo("positive");
        // known miss: a negated negative word ("not bad") reads as negative; the reviews it learnt from rarely say it
        assertThat(label("It is not bad at all, actually.")).isEqualTo("negative");
    }

    @Test
    void politeButUnhappyIsNotPositive() {
        assertThat(label("Thanks for getting back to me, but this is the third time I have asked and it still doesn't work."))
                .isEqualTo("negative");
        // the thanks and the disappointment pull both ways; the disappointment wins, and the runner-up is neutral
        Classification mixed = classifiers.sentiment("I appreciate your effort, however I am quite disappointed with how long this is taking.");
        assertThat(mixed.value()).isEqualTo("negative");
        assertThat(mixed.runnerUp()).isEqualTo("neutral");
        assertThat(classifiers.sentiment("With respect, I expected much better from a paid plan.").value()).isNotEqualTo("positive");
    }

    @Test
    void misspeltAndNonNativeEnglish() {
        assertThat(label("the app is terible and keeps crashin, realy frustating")).isEqualTo("negative");
        assertThat(label("Please help, the payment is not going through since two days, I am very disappoint.")).isEqualTo("negative");
        assertThat(label("Is very good product, I am much satisfy, thank you for quick answer.")).isEqualTo("positive");
        // known miss: with three of four words misspelt the model cannot call it, and says neutral rather than guess
        Classification misspelt = classifiers.sentiment("realy grate servise, thankyou so much");
        assertThat(misspelt.value()).isEqualTo("neutral");
    }

    @Test
    void sarcasmIsAKnownMiss() {
        // known miss: sarcasm is read by its words; a confidence gate or a model has to catch these
        assertThat(label("Oh great, another outage. Just what I needed.")).isEqualTo("positive");
        assertThat(label("Wow, thanks for charging me twice. Brilliant.")).isEqualTo("positive");
    }

    @Test
    void factualAndUnknownTextsAreNeutral() {
        Classification request = classifiers.sentiment("Please send me the invoice for March.");
        assertThat(request.value()).isEqualTo("neutral");
        Classification empty = classifiers.sentiment("");
        assertThat(empty.value()).isEqualTo("neutral");
        assertThat(empty.confidence()).isEqualTo(1.0);
        assertThat(classifiers.sentiment(null).value()).isEqualTo("neutral");
    }

    @Test
    void confidenceIsAProbabilityAndTheSameTextGivesTheSameAnswer() {
        for (String t : List.of("great", "awful", "ok then", "The meeting is on Tuesday.", "!!!", "not not not")) {
            Classification c = classifiers.sentiment(t);
            assertThat(c.confidence()).isBetween(0.0, 1.0);
            assertThat(c.confidence()).isGreaterThanOrEqualTo(c.runnerUpConfidence());
            assertThat(classifiers.sentiment(t)).isEqualTo(c);
        }
    }

    @Test
    void theFallbacksSentimentTaskUsesTheSameModel() {
        String text = "The app is not good. It crashed twice and support was rude.";
        LocalAnswer a = new LocalModel().answer("sentiment", StringNode.valueOf(text), null);
        Classification c = classifiers.sentiment(text);
        assertThat(a.text()).isEqualTo(c.value()).isEqualTo("negative");
        assertThat(a.json().get("confidence").asDouble()).isEqualTo(LocalAnswer.round2(c.confidence()));
        assertThat(a.json().get("model").asString()).isEqualTo(c.model());
        assertThat(a.json().get("negative").toString()).contains("not good").contains("rude");
    }

    static final List<CategoryDefinition> SUPPORT = List.of(
            new CategoryDefinition("billing", "Invoices, charges, payments, refunds and subscription plans",
                    List.of("I was charged twice", "Can I get a refund?", "Where is my invoice?")),
            new CategoryDefinition("bug", "Something in the product is broken, crashes or shows an error",
                    List.of("The app crashes when I upload a file", "I get an error 500 on the export page")),
            new CategoryDefinition("account access", "Logging in, passwords, two-factor authentication, locked accounts",
                    List.of("I cannot log in", "Reset my password please")),
            new CategoryDefinition("sales", "Questions from prospects about pricing, demos, plans for teams and contracts",
                    List.of("Do you offer a discount for 50 seats?", "Can we book a demo?")));

    @Test
    void categoriesBySimilarityToTheirDescriptionsAndExamples() {
        Classification billed = classifiers.category("My card got billed two times this month, please refund one", SUPPORT);
        assertThat(billed.value()).isEqualTo("billing");
        assertThat(billed.runnerUp()).isNotNull();
        assertThat(billed.margin()).isPositive();
        assertThat(billed.model()).isEqualTo("charter-local/category-tfidf-1");

        assertThat(classifiers.category("Exporting to CSV throws an error every time", SUPPORT).value()).isEqualTo("bug");
        assertThat(classifiers.category("I forgot my password and now my account is locked", SUPPORT).value())
                .isEqualTo("account access");
        assertThat(classifiers.category("We are a team of 40, what would the enterprise pricing be?", SUPPORT).value())
                .isEqualTo("sales");
        // a misspelt word still counts by the words around it
        assertThat(classifiers.category("hi, the refund for my subscripton never arrived", SUPPORT).value()).isEqualTo("billing");
    }

    @Test
    void anExampleItselfScoresHighAndAnUnrelatedTextScoresZero() {
        Classification exact = classifiers.category("I was charged twice", SUPPORT);
        assertThat(exact.value()).isEqualTo("billing");
        assertThat(exact.confidence()).isGreaterThan(0.6);

        Classification none = classifiers.category("What a lovely day", SUPPORT);
        assertThat(none.confidence()).isZero();
        assertThat(none.margin()).isZero();
    }

    @Test
    void refusesAnEmptyListOfCategories() {
        assertThatThrownBy(() -> classifiers.category("anything", List.of())).isInstanceOf(IllegalArgumentException.class);
        Classification single = classifiers.category("refund please", List.of(SUPPORT.get(0)));
        assertThat(single.runnerUp()).isNull();
        assertThat(single.runnerUpConfidence()).isZero();
    }
}

package dev.charter.ai.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.AiTask;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/** The local fallback's tasks: chosen from the instruction, useful output, the same answer every time. */
class LocalModelTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final LocalModel model = new LocalModel();

    static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    static final String ARTICLE = """
            Charter runs workflows for small teams. The queue keeps every delivery durable, even when a node crashes.
            Lunch was served at noon. Workflows can call models, send e-mail and post to chat. \
            The durable queue retries failed workflow steps with backoff. Nobody asked about the weather.
            Each workflow keeps its newest runs, and the queue deletes finished jobs after seven days.""";

    @Test
    void choosesTheTaskFromTheInstructionOrTheHint() {
        assertThat(model.choose("Summarize this ticket", null)).isEqualTo(AiTask.SUMMARIZE);
        assertThat(model.choose("What is the sentiment of the review?", null)).isEqualTo(AiTask.SENTIMENT);
        assertThat(model.choose("Classify the sentiment as positive or negative", null)).isEqualTo(AiTask.SENTIMENT);
        assertThat(model.choose("Classify this ticket as billing, bug or sales", null)).isEqualTo(AiTask.CLASSIFY);
        assertThat(model.choose("Extract the e-mail addresses", null)).isEqualTo(AiTask.EXTRACT);
        assertThat(model.choose("Dear {{name}}, thanks", null)).isEqualTo(AiTask.TEMPLATE);
        assertThat(model.choose("Do something clever", null)).isEqualTo(AiTask.SUMMARIZE);
        assertThat(model.choose("Summarize", AiTask.EXTRACT)).isEqualTo(AiTask.EXTRACT);
    }

    @Test
    void summarizesByKeepingTheBestSentencesInTheirOrder() {
        LocalAnswer a = model.answer("Summarize in 2 sentences", StringNode.valueOf(ARTICLE), null);
        assertThat(a.task()).isEqualTo(AiTask.SUMMARIZE);
        assertThat(a.json().get("kept").asInt()).isEqualTo(2);
        assertThat(a.json().get("of").asInt()).isEqualTo(7);
        assertThat(a.text()).doesNotContain("Lunch").doesNotContain("weather").contains("queue");
        // original order
        var kept = a.json().get("sentences");
        assertThat(ARTICLE.indexOf(kept.get(0).asString())).isLessThan(ARTICLE.indexOf(kept.get(1).asString()));
        assertThat(a.json().get("producedLocally").asBoolean()).isTrue();
    }

    @Test
    void summarizesTheStringsOfStructuredDataAndCopesWithNoText() {
        LocalAnswer a = model.answer("tl;dr", json("{\"subject\":\"Queue\",\"body\":\"" + ARTICLE.replace("\n", " ") + "\",\"id\":7}"), null);
        assertThat(a.json().get("kept").asInt()).isEqualTo(3);
        LocalAnswer empty = model.answer("summarize", json("{\"n\":1}"), null);
        assertThat(empty.text()).isEmpty();
        assertThat(empty.json().get("of").asInt()).isZero();
    }

    @Test
    void sentimentByTheTrainedModelWithNegation() {
        LocalAnswer happy = model.answer("sentiment", StringNode.valueOf("The support was excellent and really fast. Thanks!"), null);
        assertThat(happy.text()).isEqualTo("positive");
        assertThat(happy.json().get("score").asDouble()).isGreaterThan(0.5);
        assertThat(happy.json().get("confidence").asDouble()).isBetween(0.67, 1.0);
        assertThat(happy.json().get("runnerUp").asString()).isEqualTo("neutral");

        LocalAnswer angry = model.answer("sentiment", StringNode.valueOf("The app is not good. It crashed twice and support was rude."), null);
        assertThat(angry.text()).isEqualTo("negative");
        assertThat(angry.json().get("score").asDouble()).isLessThan(-0.5);
        assertThat(angry.json().get("negative").toString()).contains("not good").contains("rude");

        LocalAnswer none = model.answer("sentiment", StringNode.valueOf("Please send me the invoice for March."), null);
        assertThat(none.text()).isEqualTo("neutral");
        assertThat(none.json().get("model").asString()).isEqualTo("charter-local/sentiment-lr-2");
    }

    @Test
    void classifiesIntoTheNamedCategoriesBySimilarity() {
        String ticket = "Hi, I was charged twice on my last invoice and need a refund of the second payment.";
        LocalAnswer a = model.answer("Classify this ticket as billing, bug or sales.", StringNode.valueOf(ticket), null);
        assertThat(a.text()).isEqualTo("billing");
        assertThat(a.json().get("categories").toString()).isEqualTo("[\"billing\",\"bug\",\"sales\"]");
        assertThat(a.json().get("scores").get("billing").asDouble()).isGreaterThan(a.json().get("scores").get("bug").asDouble());
        assertThat(a.json().get("confidence").asDouble()).isEqualTo(a.json().get("scores").get("billing").asDouble());
        assertThat(a.json().get("runnerUp").asString()).isIn("bug", "sales");
        assertThat(a.json().get("matched").get("billing").toString()).contains("invoice");

        LocalAnswer bug = model.answer("Categorize into: Billing / Technical issue / Sales lead",
                StringNode.valueOf("The export crashes with an error 500 every time."), null);
        assertThat(bug.text()).isEqualTo("technical issue");

        LocalAnswer unknown = model.answer("Route to legal or finance", StringNode.valueOf("Nice weather today"), null);
        assertThat(unknown.json().get("category").isNull()).isTrue();
        assertThat(unknown.json().get("confidence").asDouble()).isZero();

        LocalAnswer unnamed = model.answer("summarize", StringNode.valueOf(ticket), AiTask.CLASSIFY);
        assertThat(unnamed.json().get("note").asString()).contains("names no categories");
    }

    @Test
    void extractsContactsAmountsAndDates() {
        String text = """
                Contact Ana at ana.lopez@example.com or +49 30 1234567, or Bob (bob@example.org, (555) 123-4567).
                See https://example.com/offer?id=7. The quote is $1,200.50, plus €1.200,50 and 300 CHF; also 99 euros.
                Due 2026-03-04, then 04.05.2026, 12/31/2026, March 5, 2026 and 6 April 2026; not 2026-02-30.""";
        LocalAnswer a = model.answer("Extract everything", StringNode.valueOf(text), null);
        JsonNode j = a.json();
        assertThat(j.get("emails").toString()).isEqualTo("[\"ana.lopez@example.com\",\"bob@example.org\"]");
        assertThat(j.get("urls").toString()).isEqualTo("[\"https://example.com/offer?id=7\"]");
        assertThat(j.get("phones").findValuesAsString("number")).containsExactly("+49301234567", "5551234567");
        assertThat(j.get("amounts").findValuesAsString("amount")).containsExactly("1200.50", "1200.50", "300", "99");
        assertThat(j.get("amounts").findValuesAsString("currency")).containsExactly("USD", "EUR", "CHF", "EUR");
        assertThat(j.get("dates").findValuesAsString("date"))
                .containsExactly("2026-03-04", "2026-05-04", "2026-12-31", "2026-03-05", "2026-04-06");

        LocalAnswer onlyEmails = model.answer("Extract the e-mail addresses", StringNode.valueOf(text), null);
        assertThat(onlyEmails.json().propertyNames()).containsExactly("task", "producedLocally", "emails");
    }

    @Test
    void fillsATemplateFromTheData() {
        LocalAnswer a = model.answer("Fill this template: Hello {{customer.name}}, order {{ order.id }} ({{items.0.sku}}) "
                + "ships {{eta}}. {{flags}}", json("{\"customer\":{\"name\":\"Ana\"},\"order\":{\"id\":42},"
                + "\"items\":[{\"sku\":\"A-1\"}],\"flags\":[\"gift\"]}"), null);
        assertThat(a.task()).isEqualTo(AiTask.TEMPLATE);
        assertThat(a.text()).isEqualTo("Hello Ana, order 42 (A-1) ships . [\"gift\"]");
        assertThat(a.json().get("missing").toString()).isEqualTo("[\"eta\"]");
    }

    @Test
    void theSameInputGivesTheSameAnswer() {
        String text = ARTICLE + " Billing asked about invoice 7 for $40 on 2026-01-02; mail ops@example.com.";
        for (String instruction : new String[] {"Summarize", "sentiment", "Classify as billing, bug or sales", "Extract",
                "Hi {{name}}"}) {
            JsonNode data = json("{\"text\":" + JSON.writeValueAsString(text) + ",\"name\":\"Ana\"}");
            String first = model.answer(instruction, data, null).json().toString();
            for (int i = 0; i < 5; i++) {
                assertThat(new LocalModel().answer(instruction, data.deepCopy(), null).json().toString()).isEqualTo(first);
            }
        }
    }

    @Test
    void hostileInputEndsQuickly() {
        String hostile = "a".repeat(50_000) + "@" + "1".repeat(20_000) + " ".repeat(20_000) + "{{" + ".".repeat(10_000);
        for (AiTask t : AiTask.values()) {
            assertThat(model.answer("classify as a, b " + hostile, StringNode.valueOf(hostile), t).json()).isNotNull();
        }
    }
}

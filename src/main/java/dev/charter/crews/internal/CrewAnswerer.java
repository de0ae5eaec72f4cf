package dev.charter.crews.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import dev.charter.crews.CrewDefinition;
import dev.charter.crews.CrewDefinition.HandOff;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answerer role: decides whether the crew answers or hands the conversation to a person, and answers only from
 * the organization's knowledge base, citing the passages it rests on. Through the AI gateway when the organization
 * has a model (its own key, else the server's); otherwise, or when the model fails, the local path answers with the
 * best passage when retrieval is confident enough ({@code answer} threshold: normalized BM25 score and margin over
 * the runner-up) and hands over when it is not. Neither path invents: an answer without a citation is handed over.
 */
@Component
class CrewAnswerer {

    /** What the answerer decided. */
    record Outcome(String text, List<Knowledge.Match> cited, boolean handedOver, String reason, String provider,
                   double confidence, double margin) {}

    static final int PASSAGES_FOR_MODEL = 3;

    private static final Logger log = LoggerFactory.getLogger(CrewAnswerer.class);
    private static final Pattern ASKS_FOR_PERSON = Pattern.compile(
            "\\b((speak|talk|chat|write)\\s+(to|with)\\s+(a|an|some|the)?\\s*(human|person|agent|someone|somebody|representative|rep|real person|operator|staff)"
                    + "|(human|real person|agent|operator)\\s*(please|pls)?\\s*[!.]*$"
                    + "|(need|want|get)\\s+(a|an)\\s+(human|person|agent|representative)"
                    + "|ask(ing)?\\s+for\\s+a\\s+(person|human))",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern GREETING = Pattern.compile(
            "^(hi|hello|hey|hallo|good (morning|afternoon|evening)|thanks?|thank you|ok(ay)?|bye)( there| again| so much)?[\\s!.,?]*$",
            Pattern.CASE_INSENSITIVE);

    private static final String INSTRUCTION = """
            You answer a customer of the organization, in the customer's language, only from the passages in the data.
            Cite, in "citations", the id of every passage your answer rests on. If the passages do not answer the
            question, or the customer wants a person, set "handOver" to true and leave "answer" empty. Never promise
            money, refunds or discounts, and never use anything you know apart from the passages.
            The organization's instruction for you follows.
            """;

    private final Knowledge knowledge;
    private final AiGateway ai;
    private final LocalClassifiers classifiers;
    private final JsonMapper json;
    private final Clock clock;
    private final JsonNode schema;

    CrewAnswerer(Knowledge knowledge, AiGateway ai, LocalClassifiers classifiers, JsonMapper json, Clock clock) {
        this.knowledge = knowledge;
        this.ai = ai;
        this.classifiers = classifiers;
        this.json = json;
        this.clock = clock;
        this.schema = json.readTree("""
                {"type": "object", "required": ["answer", "citations", "handOver"], "additionalProperties": false,
                 "properties": {"answer": {"type": "string", "maxLength": 4000},
                                "citations": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                                "handOver": {"type": "boolean"}}}""");
    }

    /**
     * Answers {@code question}, the newest message of a conversation whose earlier messages (the contact's and the
     * crew's and people's replies, never private notes) are {@code history}.
     */
    Outcome answer(OrgId org, CrewDefinition crew, String question, List<Conversations.Message> history) {
        CrewDefinition.Role role = crew.answerer();
        Set<HandOff> rules = role.handOffs();
        if (!role.enabled()) {
            return handOver("A person will answer you here shortly.", "answerer-off", "none");
        }
        if (rules.contains(HandOff.ASKED_FOR_PERSON) && asksForPerson(question)) {
            return handOver("I am passing your conversation to a person; they will answer you here.", "asked-for-person", "rule");
        }
        if (rules.contains(HandOff.OUTSIDE_HOURS) && crew.hours() != null && !crew.hours().open(clock.instant())) {
            return handOver(crew.offlineMessage(), "outside-hours", "rule");
        }
        if (rules.contains(HandOff.RESERVED_TOPIC)) {
            String lower = question.toLowerCase(Locale.ROOT);
            for (String topic : crew.reservedTopics()) {
                if (Pattern.compile("\\b" + Pattern.quote(topic.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find()) {
                    return handOver("A person of the team handles this; they will answer you here.", "reserved-topic", "rule");
                }
            }
        }
        if (rules.contains(HandOff.NEGATIVE_SENTIMENT)) {
            Classification s = classifiers.sentiment(question);
            CrewDefinition.Threshold t = crew.threshold("sentiment");
            if ("negative".equals(s.value()) && s.confidence() >= t.minConfidence() && s.margin() >= t.minMargin()) {
                return handOver("I am sorry about this. A person will take over and answer you here.", "negative-sentiment",
                        s.model());
            }
        }
        if (GREETING.matcher(question.strip()).matches() || !knowledge.searchable(question)) {
            return new Outcome("What would you like to know? I answer from our help articles, and you can ask for a person "
                    + "at any time.", List.of(), false, "no-question", "rule", 0, 0);
        }
        List<Knowledge.Match> matches = knowledge.search(org, question, Math.max(PASSAGES_FOR_MODEL, 2));
        double top = matches.isEmpty() ? 0 : matches.get(0).confidence();
        double margin = matches.size() < 2 ? top : top - matches.get(1).confidence();
        if (ai.activeProvider(org).remote() && !matches.isEmpty()) {
            try {
                return model(org, role, question, history, matches, top, margin);
            } catch (AiFailedException e) {
                log.info("Crews: the model did not answer ({}); answering locally", e.kind());
            }
        }
        return local(crew, matches, top, margin);
    }

    /** The local path: the best passage, cited, when retrieval is confident; a person otherwise. */
    private Outcome local(CrewDefinition crew, List<Knowledge.Match> matches, double top, double margin) {
        CrewDefinition.Threshold t = crew.threshold("answer");
        if (matches.isEmpty() || top < t.minConfidence() || margin < t.minMargin()) {
            return new Outcome("I could not find this in our help articles, so I am passing your question to a person; "
                    + "they will answer you here.", List.of(), true, "low-confidence", "charter-local/bm25", top, margin);
        }
        Knowledge.Match best = matches.get(0);
        return new Outcome(best.body(), List.of(best), false, "answered", "charter-local/bm25", top, margin);
    }

    private Outcome model(OrgId org, CrewDefinition.Role role, String question, List<Conversations.Message> history,
                          List<Knowledge.Match> matches, double top, double margin) {
        List<Knowledge.Match> given = matches.subList(0, Math.min(PASSAGES_FOR_MODEL, matches.size()));
        ObjectNode data = json.createObjectNode();
        data.put("question", question);
        ArrayNode conversation = data.putArray("conversation");
        for (Conversations.Message m : history) {
            if (!m.author().equals("NOTE")) {
                conversation.addObject().put("from", m.author().equals("CONTACT") ? "customer" : "organization")
                        .put("text", m.body());
            }
        }
        ArrayNode passages = data.putArray("passages");
        for (Knowledge.Match m : given) {
            passages.addObject().put("id", m.passageId().toString()).put("title", m.title())
                    .put("heading", m.heading()).put("text", m.body());
        }
        AiResult result = ai.complete(new AiRequest(org, null, "crews.answer", INSTRUCTION + role.instruction(), data, null,
                1024, Duration.ofSeconds(30), schema));
        JsonNode answer = result.json();
        String text = answer == null ? "" : answer.path("answer").asString("").strip();
        Set<String> ids = new HashSet<>();
        if (answer != null) {
            answer.path("citations").values().forEach(c -> ids.add(c.asString("")));
        }
        List<Knowledge.Match> cited = new ArrayList<>();
        for (Knowledge.Match m : given) {
            if (ids.contains(m.passageId().toString())) {
                cited.add(m);
            }
        }
        if (answer == null || answer.path("handOver").asBoolean(false) || text.isEmpty() || cited.isEmpty()) {
            return new Outcome("I am passing your question to a person; they will answer you here.", List.of(), true,
                    "model-handed-over", result.model() == null ? result.provider().name() : result.model(), top, margin);
        }
        return new Outcome(text, cited, false, "answered",
                result.model() == null ? result.provider().name() : result.model(), top, margin);
    }

    static boolean asksForPerson(String text) {
        return ASKS_FOR_PERSON.matcher(text.strip()).find();
    }

    private static Outcome handOver(String text, String reason, String provider) {
        return new Outcome(text, List.of(), true, reason, provider, 0, 0);
    }
}

package dev.charter.crews.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import dev.charter.crews.CrewDefinition;
import dev.charter.crews.ReviewPolicy;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Profiling with confidence (CRW-2) and the confidence gate (CRW-3). After each message of a contact: the message's
 * sentiment, the conversation's category (from the crew's categories) and the lead score, each recorded with its
 * value, confidence, runner-up, provider, the inputs it saw and the time. Sentiment and category come from the
 * organization's model through the AI gateway (structured output) when it has one, else from the local classifiers;
 * the lead score is always Charter's own documented scoring ({@link LeadScoring}), so contact details never reach a
 * model. Each result then passes the organization's gate: under its kind's minimum confidence or margin, or carrying
 * a significant effect, it does not act and waits in the review queue.
 */
@Service
class Profiler {

    /** One automated judgement, before the gate. */
    record Judgement(String kind, UUID messageId, String value, double confidence, String runnerUp,
                     double runnerUpConfidence, String provider, List<UUID> inputMessages, List<String> inputContact,
                     List<String> factors, String effect) {
        double margin() {
            return confidence - runnerUpConfidence;
        }
    }

    static final Set<String> SENTIMENTS = Set.of("positive", "negative", "neutral");

    private static final Logger log = LoggerFactory.getLogger(Profiler.class);
    private static final double EPSILON = 1e-9;
    private static final String INSTRUCTION = """
            Judge the customer's newest message and the conversation. "sentiment" is the newest message's sentiment:
            positive, negative or neutral. "category" is the one of the given categories the conversation belongs to,
            by their names and descriptions. For each, give your confidence from 0 to 1, the runner-up and its
            confidence. Use only the data given.""";

    private final Conversations conversations;
    private final ReviewRepository repo;
    private final ConversationRepository conversationRepo;
    private final ReviewPolicies policies;
    private final AiGateway ai;
    private final LocalClassifiers classifiers;
    private final JsonMapper json;
    private final JsonNode schema;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    Profiler(Conversations conversations, ReviewRepository repo, ConversationRepository conversationRepo,
             ReviewPolicies policies, AiGateway ai, LocalClassifiers classifiers, JsonMapper json,
             org.springframework.transaction.PlatformTransactionManager transactions) {
        this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.conversations = conversations;
        this.repo = repo;
        this.conversationRepo = conversationRepo;
        this.policies = policies;
        this.ai = ai;
        this.classifiers = classifiers;
        this.json = json;
        String judged = """
                {"type": "object", "required": ["value", "confidence", "runnerUp", "runnerUpConfidence"],
                 "additionalProperties": false,
                 "properties": {"value": {"type": "string", "maxLength": 100},
                                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                                "runnerUp": {"type": "string", "maxLength": 100},
                                "runnerUpConfidence": {"type": "number", "minimum": 0, "maximum": 1}}}""";
        this.schema = json.readTree("{\"type\": \"object\", \"required\": [\"sentiment\"], \"additionalProperties\": false,"
                + " \"properties\": {\"sentiment\": " + judged + ", \"category\": " + judged + "}}");
    }

    /**
     * Profiles the conversation after the contact's message {@code messageId}; returns the results recorded. The
     * model (or the local classifiers) judges first, outside any transaction, so no database connection waits on a
     * model's answer; the results are then recorded, and pass the gate, in one transaction.
     */
    public List<UUID> profile(OrgId org, CrewDefinition crew, UUID conversationId, UUID messageId) {
        Conversations.Conversation c = conversations.get(org, conversationId);
        List<Conversations.Message> fromContact = c.messages().stream().filter(m -> m.author().equals("CONTACT")).toList();
        Conversations.Message newest = fromContact.stream().filter(m -> m.id().equals(messageId)).findFirst()
                .orElse(fromContact.isEmpty() ? null : fromContact.get(fromContact.size() - 1));
        if (newest == null) {
            return List.of();
        }
        List<UUID> all = fromContact.stream().map(Conversations.Message::id).toList();
        List<String> texts = fromContact.stream().map(Conversations.Message::body).toList();
        Classification sentiment = null;
        Classification category = null;
        String provider = null;
        if (ai.activeProvider(org).remote()) {
            try {
                AiResult r = ai.complete(modelRequest(org, newest.body(), texts, crew.categories()));
                provider = r.model() == null ? r.provider().name() : r.model();
                JsonNode answer = r.json();
                sentiment = answer == null ? null : judged(answer.path("sentiment"), SENTIMENTS, provider);
                category = answer == null || crew.categories().isEmpty() ? null
                        : judged(answer.path("category"), names(crew.categories()), provider);
            } catch (AiFailedException | InvalidInputException e) {
                log.info("Crews: the model did not profile the conversation; the local classifiers do");
            }
        }
        if (sentiment == null) {
            sentiment = classifiers.sentiment(newest.body());
        }
        if (category == null && !crew.categories().isEmpty()) {
            category = classifiers.category(String.join("\n", texts), crew.categories());
        }
        List<Judgement> judged = new ArrayList<>();
        judged.add(new Judgement("sentiment", newest.id(), sentiment.value(),
                sentiment.confidence(), sentiment.runnerUp(), sentiment.runnerUpConfidence(), sentiment.model(),
                List.of(newest.id()), List.of(), List.of(), null));
        if (category != null) {
            judged.add(new Judgement("category", null, category.value(), category.confidence(),
                    category.runnerUp(), category.runnerUpConfidence(), category.model(), all, List.of(), List.of(), null));
        }
        LeadScoring.Score lead = LeadScoring.score(c.contact(), crew.leadFields(), texts);
        judged.add(new Judgement("lead-score", null, Integer.toString(lead.score()),
                lead.confidence(), lead.runnerUp(), lead.runnerUpConfidence(), LeadScoring.PROVIDER, all,
                contactInputs(c.contact()), lead.factors(), lead.effect()));
        return tx.execute(t -> judged.stream().map(j -> record(org, conversationId, j)).toList());
    }

    /**
     * The gate: records the judgement and decides whether it acts. A kind a person already decided in this
     * conversation keeps the person's value (the new result is held); an older result still waiting is superseded.
     */
    @Transactional
    UUID record(OrgId org, UUID conversation, Judgement j) {
        ReviewPolicy policy = policies.policy(org);
        String inputs = inputs(j);
        String factors = json.writeValueAsString(j.factors());
        if (repo.personDecided(org, conversation, j.kind())) {
            return repo.insertResult(org, conversation, j.messageId(), j.kind(), j.value(), j.confidence(), j.runnerUp(),
                    j.runnerUpConfidence(), j.provider(), inputs, factors, j.effect(), "HELD");
        }
        repo.waiting(org, conversation, j.kind()).forEach(id -> repo.supersede(org, id));
        CrewDefinition.Threshold gate = policy.gate(j.kind());
        boolean significant = policy.isSignificant(j.effect());
        boolean unsure = j.confidence() + EPSILON < gate.minConfidence() || j.margin() + EPSILON < gate.minMargin();
        String state = significant || unsure ? "REVIEW" : "ACTED";
        UUID id = repo.insertResult(org, conversation, j.messageId(), j.kind(), j.value(), j.confidence(), j.runnerUp(),
                j.runnerUpConfidence(), j.provider(), inputs, factors, j.effect(), state);
        if (significant) {
            repo.insertReview(org, conversation, id, "SIGNIFICANT", "'" + j.effect() + "' is a decision your organization "
                    + "reviews whatever the confidence", null);
        } else if (unsure) {
            repo.insertReview(org, conversation, id, "LOW_CONFIDENCE", String.format(Locale.ROOT,
                    "confidence %.2f (minimum %.2f), margin %.2f (minimum %.2f)", j.confidence(), gate.minConfidence(),
                    j.margin(), gate.minMargin()), null);
        } else {
            act(org, conversation, j.effect());
        }
        return id;
    }

    /** What a decision does once it acts. */
    void act(OrgId org, UUID conversation, String effect) {
        if ("close-conversation".equals(effect)) {
            conversationRepo.setStatus(org, conversation, "RESOLVED");
        }
    }

    private AiRequest modelRequest(OrgId org, String newest, List<String> texts, List<CategoryDefinition> categories) {
        ObjectNode data = json.createObjectNode();
        data.put("newestMessage", newest);
        ArrayNode messages = data.putArray("customerMessages");
        texts.forEach(messages::add);
        ArrayNode cats = data.putArray("categories");
        categories.forEach(k -> cats.addObject().put("name", k.name()).put("description", k.description()));
        return new AiRequest(org, null, "crews.profile", INSTRUCTION, data, null, 400, Duration.ofSeconds(30), schema);
    }

    /** The model's judgement, or null when it named a value outside {@code allowed} or confidences that do not add up. */
    private static Classification judged(JsonNode n, Set<String> allowed, String provider) {
        if (n == null || !n.isObject()) {
            return null;
        }
        String value = n.path("value").asString("").strip();
        String runnerUp = n.path("runnerUp").asString("").strip();
        double confidence = n.path("confidence").asDouble(-1);
        double second = n.path("runnerUpConfidence").asDouble(-1);
        if (!allowed.contains(value) || !(confidence >= 0 && confidence <= 1) || !(second >= 0 && second <= confidence)) {
            return null;
        }
        return new Classification(value, confidence, allowed.contains(runnerUp) && !runnerUp.equals(value) ? runnerUp : null,
                second, provider);
    }

    private static Set<String> names(List<CategoryDefinition> categories) {
        return Set.copyOf(categories.stream().map(CategoryDefinition::name).toList());
    }

    /** Which of the contact's details the lead score saw: their names, never their values. */
    private static List<String> contactInputs(Contacts.Contact k) {
        List<String> out = new ArrayList<>();
        if (k.email() != null) {
            out.add("email domain");
        }
        if (k.company() != null && !k.company().isBlank()) {
            out.add("company");
        }
        if (k.name() != null && !k.name().isBlank()) {
            out.add("name");
        }
        if (k.phone() != null && !k.phone().isBlank()) {
            out.add("phone");
        }
        k.fields().keySet().forEach(f -> out.add("field " + f));
        return out;
    }

    private String inputs(Judgement j) {
        ObjectNode n = json.createObjectNode();
        ArrayNode m = n.putArray("messages");
        j.inputMessages().forEach(id -> m.add(id.toString()));
        ArrayNode k = n.putArray("contact");
        j.inputContact().forEach(k::add);
        return n.toString();
    }
}

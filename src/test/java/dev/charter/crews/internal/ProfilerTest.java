package dev.charter.crews.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.LocalClassifiers;
import dev.charter.crews.CrewDefinition;
import dev.charter.crews.CrewsFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The profiler's model path (CRW-2) and its gate (CRW-3), with a recording gateway standing in for the organization's
 * model, in the shared context: a model's judgement is recorded with its confidence and the model's name, a model
 * never sees the contact's details, a judgement the model cannot stand behind falls back to the local classifiers,
 * and a significant decision queues even at confidence 0.99.
 */
@CharterTest
class ProfilerTest {

    @LocalServerPort int port;
    @Autowired Conversations conversations;
    @Autowired ReviewRepository reviews;
    @Autowired ConversationRepository conversationRepo;
    @Autowired ReviewPolicies policies;
    @Autowired LocalClassifiers classifiers;
    @Autowired JsonMapper json;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

    private static final List<CategoryDefinition> CATEGORIES = List.of(
            new CategoryDefinition("Billing", "Invoices, payments and refunds", List.of("I was charged twice")),
            new CategoryDefinition("Shipping", "Parcels and delivery", List.of("Where is my parcel?")));

    @Test
    @Tag("claim:CRW-2")
    void aModelsJudgementIsRecordedWithItsConfidenceAndTheModelNeverSeesTheContactsDetails() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        String company = "cnry-co-" + UUID.randomUUID();
        String email = "cnry-" + UUID.randomUUID() + "@example.test";
        var posted = CrewsFixtures.post(org, crew, Map.of("text", "You charged me twice, this is unacceptable",
                "contact", Map.of("email", email, "company", company, "name", "Ada Canary")));
        UUID conversation = UUID.fromString(posted.get("conversationId").asString());
        UUID message = UUID.fromString(posted.get("messageId").asString());
        var gateway = new CrewAnswererModelTest.RecordingGateway(json);
        gateway.answer = """
                {"sentiment": {"value": "negative", "confidence": 0.93, "runnerUp": "neutral", "runnerUpConfidence": 0.05},
                 "category": {"value": "Billing", "confidence": 0.88, "runnerUp": "Shipping", "runnerUpConfidence": 0.1}}""";
        Profiler profiler = new Profiler(conversations, reviews, conversationRepo, policies, gateway, classifiers, json,
                transactions);

        profiler.profile(org.org(), definition(), conversation, message);

        var rows = reviews.results(org.org(), conversation).stream().filter(r -> r.provider().equals("crew-model")).toList();
        assertThat(rows).extracting(ReviewRepository.ResultRow::kind).containsExactlyInAnyOrder("sentiment", "category");
        var sentiment = rows.stream().filter(r -> r.kind().equals("sentiment")).findFirst().orElseThrow();
        assertThat(sentiment.value()).isEqualTo("negative");
        assertThat(sentiment.confidence()).isEqualTo(0.93);
        assertThat(sentiment.runnerUp()).isEqualTo("neutral");
        assertThat(sentiment.state()).isEqualTo("ACTED");
        assertThat(sentiment.inputs()).contains(message.toString());
        // the lead score is Charter's own, from the contact's details, which no model request ever holds
        assertThat(reviews.results(org.org(), conversation).stream().filter(r -> r.kind().equals("lead-score"))
                .map(ReviewRepository.ResultRow::provider).toList()).contains(LeadScoring.PROVIDER);
        assertThat(gateway.requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.purpose()).isEqualTo("crews.profile");
            assertThat(r.schema()).isNotNull();
            String sent = r.instruction() + r.data();
            assertThat(sent).contains("charged me twice").doesNotContain(company).doesNotContain(email)
                    .doesNotContain("Ada Canary");
        });

        // a value outside the allowed ones, or confidences that do not add up: the local classifiers decide instead
        gateway.answer = """
                {"sentiment": {"value": "furious", "confidence": 0.99, "runnerUp": "neutral", "runnerUpConfidence": 0.01},
                 "category": {"value": "Billing", "confidence": 0.2, "runnerUp": "Shipping", "runnerUpConfidence": 0.9}}""";
        profiler.profile(org.org(), definition(), conversation, message);
        var latest = reviews.results(org.org(), conversation);
        assertThat(latest.get(latest.size() - 1).provider()).isEqualTo(LeadScoring.PROVIDER);
        assertThat(latest.subList(latest.size() - 3, latest.size() - 1)).extracting(ReviewRepository.ResultRow::provider)
                .allMatch(p -> p.startsWith("charter-local/"));
    }

    @Test
    @Tag("claim:CRW-3")
    void aSignificantDecisionWithConfidence099StillQueues() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "sig-" + UUID.randomUUID() + "@example.test", "Hello");
        UUID conversation = UUID.fromString(posted.get("conversationId").asString());
        var gateway = new CrewAnswererModelTest.RecordingGateway(json);
        Profiler profiler = new Profiler(conversations, reviews, conversationRepo, policies, gateway, classifiers, json,
                transactions);

        // disqualify-lead is significant by default
        UUID id = profiler.record(org.org(), conversation, new Profiler.Judgement("lead-score", null, "3", 0.99, "warm", 0.0,
                "test-model", List.of(), List.of(), List.of(), "disqualify-lead"));
        assertThat(reviews.result(org.org(), id).orElseThrow().state()).isEqualTo("REVIEW");
        assertThat(reviews.reviewsOf(org.org(), conversation).stream().filter(r -> id.equals(r.resultId()))
                .map(ReviewRepository.ReviewRow::origin).toList()).containsExactly("SIGNIFICANT");

        // the same confidence without the effect acts at once; close-conversation, once marked, queues too
        UUID plain = profiler.record(org.org(), conversation, new Profiler.Judgement("lead-score", null, "50", 0.99, "warm", 0.0,
                "test-model", List.of(), List.of(), List.of(), null));
        assertThat(reviews.result(org.org(), plain).orElseThrow().state()).isEqualTo("ACTED");
        assertThat(reviews.result(org.org(), id).orElseThrow().state()).as("superseded by the newer result").isEqualTo("SUPERSEDED");
        assertThat(org.api().json("PUT", "/api/v1/crews/settings/review", Map.of("significant", List.of("close-conversation")))
                .status()).isEqualTo(200);
        UUID close = profiler.record(org.org(), conversation, new Profiler.Judgement("sentiment", null, "positive", 0.99,
                "neutral", 0.0, "test-model", List.of(), List.of(), List.of(), "close-conversation"));
        assertThat(reviews.result(org.org(), close).orElseThrow().state()).isEqualTo("REVIEW");
        assertThat(conversations.status(org.org(), conversation).name()).as("not closed before a person approves")
                .isNotEqualTo("RESOLVED");
    }

    private static CrewDefinition definition() {
        CrewDefinition d = CrewDefinition.defaults();
        return new CrewDefinition(d.answerer(), d.qualifier(), d.triager(), d.leadFields(), CATEGORIES, d.thresholds(),
                d.significant(), d.reservedTopics(), d.hours(), d.offlineMessage());
    }
}

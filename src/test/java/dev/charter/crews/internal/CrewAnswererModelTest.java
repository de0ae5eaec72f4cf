package dev.charter.crews.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiStatus;
import dev.charter.ai.AiUsageDay;
import dev.charter.ai.LocalClassifiers;
import dev.charter.crews.CrewDefinition;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answerer's model path (CRW-6): what it hands the AI gateway holds this organization's passages and this
 * conversation only (no other organization's, no contact details, no private notes), and a model answer counts only
 * when it cites a passage it was given. The gateway itself (what reaches the provider: instruction and data only) is
 * proven by the AI module's contract tests; here a recording gateway stands in for it, in the shared context.
 */
@CharterTest
class CrewAnswererModelTest {

    @LocalServerPort int port;
    @Autowired Knowledge knowledge;
    @Autowired LocalClassifiers classifiers;
    @Autowired JsonMapper json;

    /** A gateway with a remote provider that answers what {@link #answer} says, recording every request. */
    static final class RecordingGateway implements AiGateway {
        final List<AiRequest> requests = new CopyOnWriteArrayList<>();
        volatile String answer;
        volatile boolean fail;
        private final JsonMapper json;

        RecordingGateway(JsonMapper json) {
            this.json = json;
        }

        public AiResult complete(AiRequest request) {
            requests.add(request);
            if (fail) {
                throw new AiFailedException(AiFailedException.Kind.KEY_REFUSED, "down");
            }
            return new AiResult(answer, json.readTree(answer), AiProvider.ORG_ENDPOINT, false, "crew-model", null,
                    new AiResult.Usage(10, 10, false), Duration.ofMillis(5), false);
        }

        public AiResult completeLocally(AiRequest request) {
            throw new UnsupportedOperationException();
        }

        public dev.charter.ai.AiToolResult completeWithTools(AiRequest request, java.util.List<dev.charter.ai.AiTool> tools,
                                                             int maxRounds) {
            throw new UnsupportedOperationException();
        }

        public AiProvider activeProvider(OrgId org) {
            return AiProvider.ORG_ENDPOINT;
        }

        public AiStatus status(OrgId org) {
            throw new UnsupportedOperationException();
        }

        public List<AiProvider> providerOrder(OrgId org) {
            return List.of(AiProvider.ORG_ENDPOINT, AiProvider.LOCAL);
        }

        public void chooseProviders(OrgId org, UserId actor, List<AiProvider> order, String endpointModel) {
            throw new UnsupportedOperationException();
        }

        public List<AiUsageDay> usage(OrgId org, LocalDate from, LocalDate to) {
            return List.of();
        }
    }

    @Test
    @Tag("claim:CRW-6")
    void aModelIsSentThisOrganizationsPassagesAndThisConversationOnly() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String canaryA = "cnry-kb-a-" + UUID.randomUUID();
        String canaryB = "cnry-kb-b-" + UUID.randomUUID();
        add(a, "Our warranty covers every espresso machine for two years. Reference " + canaryA + ".");
        add(b, "Our warranty covers every espresso machine for five years. Reference " + canaryB + ".");
        RecordingGateway gateway = new RecordingGateway(json);
        CrewAnswerer answerer = new CrewAnswerer(knowledge, gateway, classifiers, json, Clock.systemUTC());
        String passage = knowledge.search(a.org(), "espresso warranty", 1).get(0).passageId().toString();
        gateway.answer = "{\"answer\": \"Two years.\", \"citations\": [\"" + passage + "\"], \"handOver\": false}";
        String earlier = "cnry-earlier-" + UUID.randomUUID();
        String note = "cnry-note-" + UUID.randomUUID();
        var history = List.of(
                new Conversations.Message(UUID.randomUUID(), "CONTACT", null, "I bought one last week " + earlier, null, null,
                        json.readTree("[]"), null),
                new Conversations.Message(UUID.randomUUID(), "NOTE", null, "VIP " + note, null, null, json.readTree("[]"), null));

        var outcome = answerer.answer(a.org(), CrewDefinition.defaults(), "How long is the warranty on my espresso machine "
                + canaryB + "?", history);

        assertThat(outcome.handedOver()).isFalse();
        assertThat(outcome.text()).isEqualTo("Two years.");
        assertThat(outcome.cited()).extracting(Knowledge.Match::passageId).containsExactly(UUID.fromString(passage));
        assertThat(outcome.provider()).isEqualTo("crew-model");
        assertThat(gateway.requests).singleElement().satisfies(r -> {
            assertThat(r.org()).isEqualTo(a.org());
            String sent = r.instruction() + r.data().toString();
            // the other organization's passage never, even when the question names its canary
            assertThat(r.data().get("passages").toString()).contains(canaryA).doesNotContain(canaryB);
            assertThat(sent).contains(earlier).doesNotContain(note);
            assertThat(r.schema()).isNotNull();
        });
    }

    @Test
    void aModelAnswerWithoutAGivenCitationIsHandedOverAndAFailedModelFallsBackToTheLocalPath() {
        Tenant a = Tenant.signUp(port);
        add(a, "Our warranty covers every espresso machine for two years.");
        RecordingGateway gateway = new RecordingGateway(json);
        CrewAnswerer answerer = new CrewAnswerer(knowledge, gateway, classifiers, json, Clock.systemUTC());
        gateway.answer = "{\"answer\": \"Five years.\", \"citations\": [\"" + UUID.randomUUID() + "\"], \"handOver\": false}";
        var invented = answerer.answer(a.org(), CrewDefinition.defaults(), "How long is the espresso machine warranty?", List.of());
        assertThat(invented.handedOver()).isTrue();
        assertThat(invented.text()).doesNotContain("Five years");

        gateway.answer = "{\"answer\": \"\", \"citations\": [], \"handOver\": true}";
        assertThat(answerer.answer(a.org(), CrewDefinition.defaults(), "How long is the espresso machine warranty?", List.of())
                .handedOver()).isTrue();

        gateway.fail = true;
        var local = answerer.answer(a.org(), CrewDefinition.defaults(), "How long is the espresso machine warranty?", List.of());
        assertThat(local.handedOver()).isFalse();
        assertThat(local.provider()).isEqualTo("charter-local/bm25");
        assertThat(local.text()).contains("two years");
    }

    private static void add(Tenant t, String text) {
        var r = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Warranty", "format", "text", "content", text));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}

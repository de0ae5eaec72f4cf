package dev.charter.reviews.cycles;

import static dev.charter.reviews.cycles.CycleFixtures.connection;
import static dev.charter.reviews.cycles.CycleFixtures.cycle;
import static dev.charter.reviews.cycles.CycleFixtures.email;
import static dev.charter.reviews.cycles.CycleFixtures.join;
import static dev.charter.reviews.cycles.CycleFixtures.link;
import static dev.charter.reviews.cycles.CycleFixtures.pull;
import static dev.charter.reviews.cycles.CycleFixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.FakeOpenAi;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * REV-3: a draft request carries only the reviewee's signals in the cycle's period. Canaries in an earlier review's
 * text, the current review's earlier draft, another member's signal, another organization's signal (under the same
 * GitHub login) and a signal outside the period: none reaches the request the organization's model (a local stand-in of an OpenAI-compatible endpoint) receives,
 * nor the local fallback's draft. The model's answer is checked: unknown signal ids dropped, a rating removed.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class ReviewDraftsTest {

    static final FakeOpenAi model = new FakeOpenAi("/v1");
    static final String ORG_KEY = "org-key-" + UUID.randomUUID();

    @AfterAll
    static void stop() {
        model.close();
    }

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget db;

    @BeforeEach
    void reset() {
        model.reset();
        model.acceptedKeys = Set.of(ORG_KEY);
    }

    @Test
    @Tag("claim:REV-3")
    void aDraftRequestCarriesOnlyThisPersonsSignalsOfThisPeriod() throws Exception {
        try (Canary canary = Canary.start(db)) {
            Tenant t = Tenant.signUp(port);
            Tenant other = Tenant.signUp(port);
            Tenant ana = join(t, "MEMBER");
            Tenant bo = join(t, "MEMBER");
            UUID source = connection(t);
            UUID otherSource = connection(other);
            String outOfPeriod = canary.plant("out-of-period");
            String othersSignal = canary.plant("other-person");
            String otherOrg = canary.plant("other-org");
            String earlierReview = canary.plant("earlier-review");
            String earlierDraft = canary.plant("earlier-draft");

            Instant in = Instant.parse("2026-11-03T10:00:00Z");
            List<UUID> anas = new ArrayList<>();
            anas.add(pull(jdbc, t, source, "ana-gh", "Payments retry with backoff", in, true));
            anas.add(pull(jdbc, t, source, "ana-gh", "Payments ledger export", in.plusSeconds(86_400), true));
            anas.add(pull(jdbc, t, source, "ana-gh", "Flaky checkout test", in.plusSeconds(2 * 86_400), false));
            anas.add(email(jdbc, t, source, ana.email(), "<m1@example.test>", in.plusSeconds(3 * 86_400)));
            UUID before = pull(jdbc, t, source, "ana-gh", outOfPeriod, Instant.parse("2026-09-30T23:59:59Z"), true);
            UUID bos = pull(jdbc, t, source, "bo-gh", othersSignal, in, true);
            UUID theirs = pull(jdbc, other, otherSource, "ana-gh", otherOrg, in, true);
            link(t, "GITHUB", "ana-gh", ana.user());
            link(t, "GITHUB", "bo-gh", bo.user());
            link(other, "GITHUB", "ana-gh", other.user());
            var proposals = t.api().postJson("/api/v1/reviews/people/identities/confirm-proposals", Map.of());
            assertThat(proposals.json().get("confirmed").asInt()).as(proposals.body()).isEqualTo(1); // ana's email

            // an earlier cycle's final review of the same person
            String q3 = cycle(t, "Q3", "2026-07-01", "2026-09-30");
            String old = review(t, q3, ana.user(), t.user());
            assertThat(edit(t, old, earlierReview, before).status()).isEqualTo(200);
            assertThat(t.api().postJson("/api/v1/reviews/reviews/" + old + "/finalize", Map.of()).status()).isEqualTo(200);

            String q4 = cycle(t, "Q4", "2026-10-01", "2026-12-31");
            String current = review(t, q4, ana.user(), t.user());
            assertThat(edit(t, current, earlierDraft, null).status()).isEqualTo(200);

            // the local fallback: a structured evidence summary from the four signals only
            var local = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
            assertThat(local.status()).as(local.body()).isEqualTo(200);
            JsonNode draft = local.json().get("draft");
            assertThat(local.json().get("draftProvider").asString()).isEqualTo("LOCAL");
            assertThat(texts(draft)).anyMatch(s -> s.startsWith("Pull requests: 3 in the period, 2 merged, 1 still open"))
                    .anyMatch(s -> s.contains("Recurring theme: “payments” in 2 titles"))
                    .anyMatch(s -> s.startsWith("Merged pull request “Payments ledger export”"))
                    .anyMatch(s -> s.startsWith("Not enough data on email"));
            assertThat(cited(draft)).containsExactlyInAnyOrderElementsOf(anas.stream().map(UUID::toString).toList());
            assertThat(draft.toString()).doesNotContain(outOfPeriod, othersSignal, otherOrg, earlierReview, earlierDraft);
            assertThat(model.received).isEmpty();

            // the organization's key: the model receives this person's signals of this period, and nothing else
            var key = connectModel(t);
            assertThat(key.status()).as(key.body()).isEqualTo(201);
            UUID unknown = UUID.randomUUID();
            model.text = "{\"sentences\":["
                    + "{\"text\":\"Ana shipped two payments changes.\",\"signals\":[\"" + anas.get(0) + "\",\"" + anas.get(1) + "\"]},"
                    + "{\"text\":\"She kept a flaky test in view.\",\"signals\":[\"" + anas.get(2) + "\",\"" + bos + "\"]},"
                    + "{\"text\":\"Overall she exceeds expectations: 4 out of 5.\",\"signals\":[\"" + anas.get(0) + "\"]},"
                    + "{\"text\":\"She led the incident review.\",\"signals\":[\"" + unknown + "\"]},"
                    + "{\"text\":\"Not enough data on customer work.\",\"signals\":[]}]}";
            var drafted = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
            assertThat(drafted.status()).as(drafted.body()).isEqualTo(200);
            assertThat(drafted.json().get("draftProvider").asString()).isEqualTo("ORG_ENDPOINT");
            assertThat(model.received).singleElement().satisfies(r -> {
                String body = r.body();
                for (UUID id : anas) {
                    assertThat(body).contains(id.toString());
                }
                assertThat(body).contains("Payments retry with backoff", "2026-10-01", "2026-12-31")
                        .doesNotContain(outOfPeriod, othersSignal, otherOrg, earlierReview, earlierDraft)
                        .doesNotContain(before.toString(), bos.toString(), theirs.toString())
                        .doesNotContain("bo-gh", ana.email(), "cy@client.example"); // no identities, no addresses
            });
            JsonNode checked = drafted.json().get("draft");
            assertThat(texts(checked)).containsExactly("Ana shipped two payments changes.", "She kept a flaky test in view.",
                    "She led the incident review.", "Not enough data on customer work.");
            assertThat(checked.get("removedRatings").asInt()).isEqualTo(1);
            assertThat(checked.get("removedUnknownIds").asInt()).isEqualTo(2);
            JsonNode s = checked.get("sentences");
            assertThat(s.get(1).get("signals").toString()).contains(anas.get(2).toString()).doesNotContain(bos.toString());
            assertThat(s.get(2).get("flag").asString()).isEqualTo("unsupported");
            assertThat(s.get(3).get("flag").asString()).isEqualTo("not-enough-data");

            // the review's evidence is the same set: this person, this period, this organization
            var view = t.api().get("/api/v1/reviews/reviews/" + current);
            List<String> evidence = new ArrayList<>();
            view.json().get("evidence").forEach(e -> evidence.add(e.get("id").asString()));
            assertThat(evidence).containsExactlyInAnyOrderElementsOf(anas.stream().map(UUID::toString).toList());
            assertThat(view.body()).doesNotContain(outOfPeriod, othersSignal, otherOrg, earlierReview);
        }
    }

    @Test
    @Tag("claim:REV-3")
    void thinEvidenceSaysNotEnoughDataAndAsksNoModel() {
        Tenant t = Tenant.signUp(port);
        Tenant ana = join(t, "MEMBER");
        UUID source = connection(t);
        UUID pr = pull(jdbc, t, source, "ana-thin", "One change", Instant.parse("2026-11-03T10:00:00Z"), true);
        link(t, "GITHUB", "ana-thin", ana.user());
        assertThat(connectModel(t).status()).isEqualTo(201);
        String current = review(t, cycle(t, "Q4", "2026-10-01", "2026-12-31"), ana.user(), t.user());
        var r = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode only = r.json().get("draft").get("sentences").get(0);
        assertThat(r.json().get("draft").get("sentences").size()).isEqualTo(1);
        assertThat(only.get("text").asString()).startsWith("Not enough data: 1 signal");
        assertThat(only.get("flag").asString()).isEqualTo("not-enough-data");
        assertThat(only.get("signals").get(0).asString()).isEqualTo(pr.toString());
        assertThat(model.received).isEmpty();
    }

    @Test
    @Tag("claim:REV-3")
    void anExcludedSignalLeavesTheNextRequestAndTheDraft() {
        Tenant t = Tenant.signUp(port);
        Tenant ana = join(t, "MEMBER");
        UUID source = connection(t);
        Instant in = Instant.parse("2026-11-03T10:00:00Z");
        String left = "left-out-" + UUID.randomUUID();
        UUID a = pull(jdbc, t, source, "ana-ex", "Search index rebuild", in, true);
        UUID b = pull(jdbc, t, source, "ana-ex", "Search ranking", in.plusSeconds(60), true);
        UUID c = pull(jdbc, t, source, "ana-ex", "Search cache", in.plusSeconds(120), true);
        UUID d = pull(jdbc, t, source, "ana-ex", left, in.plusSeconds(180), true);
        link(t, "GITHUB", "ana-ex", ana.user());
        String current = review(t, cycle(t, "Q4", "2026-10-01", "2026-12-31"), ana.user(), t.user());
        assertThat(t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of()).body()).contains(d.toString());
        var ex = t.api().postJson("/api/v1/reviews/reviews/" + current + "/evidence", Map.of("signal", d.toString(), "included", false));
        assertThat(ex.status()).as(ex.body()).isEqualTo(200);
        assertThat(ex.json().get("draft").toString()).doesNotContain(d.toString());
        assertThat(connectModel(t).status()).isEqualTo(201);
        model.text = "{\"sentences\":[{\"text\":\"Search work.\",\"signals\":[\"" + a + "\",\"" + d + "\"]}]}";
        var r = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(model.received).singleElement().satisfies(req -> assertThat(req.body())
                .contains(a.toString(), b.toString(), c.toString()).doesNotContain(d.toString(), left));
        assertThat(r.json().get("draft").toString()).doesNotContain(d.toString());
    }

    /** A call the organization had analysed, and its results for the member who took it, as the analysis writes them. */
    private UUID analysedCall(Tenant t, UserId person, Instant at, Map<String, String> results) {
        UUID call = UUID.randomUUID();
        jdbc.sql("""
                insert into reviews_calls_call (org_id, id, provider, external_id, reviewee_id, started_at, duration_s, status,
                    attendees_internal, attendees_external, attendees_unknown, analysis, received_at, analysed_at)
                values (?, ?, 'ZOOM', ?, ?, ?, 1800, 'ANALYSED', 1, 1, 0, '{}'::jsonb, ?, ?)""")
                .params(t.org().value(), call, "zoom-" + call, person.value(), java.sql.Timestamp.from(at),
                        java.sql.Timestamp.from(at), java.sql.Timestamp.from(at)).update();
        results.forEach((kind, value) -> jdbc.sql("""
                insert into reviews_calls_signal (org_id, id, call_id, person_id, kind, value, occurred_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, now())""")
                .params(t.org().value(), UUID.randomUUID(), call, person.value(), kind, value, java.sql.Timestamp.from(at))
                .update());
        return call;
    }

    /** Item 6 of Reviews: an analysed call's results are call signals of the reviewee, in the draft's evidence. */
    @Test
    @Tag("claim:REV-3")
    void callResultsAreTheRevieweesCallSignalsInTheDraft() {
        Tenant t = Tenant.signUp(port);
        Tenant ana = join(t, "MEMBER");
        Instant in = Instant.parse("2026-11-10T15:00:00Z");
        analysedCall(t, ana.user(), in, Map.of("TALK_RATIO", "0.35", "QUESTIONS_ASKED", "6", "SENTIMENT", "positive",
                "TOPIC", "pricing"));
        analysedCall(t, ana.user(), in.plusSeconds(86_400), Map.of("TALK_RATIO", "0.45", "QUESTIONS_ASKED", "4",
                "SENTIMENT", "neutral", "NEXT_STEP", "send the revised quote"));
        String someoneElses = "topic-" + UUID.randomUUID();
        analysedCall(t, t.user(), in, Map.of("TOPIC", someoneElses));
        String before = "topic-" + UUID.randomUUID();
        analysedCall(t, ana.user(), Instant.parse("2026-09-01T10:00:00Z"), Map.of("TOPIC", before));
        String current = review(t, cycle(t, "Q4", "2026-10-01", "2026-12-31"), ana.user(), t.user());

        var r = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode calls = null;
        for (JsonNode s : r.json().get("draft").get("sentences")) {
            if (s.get("text").asString().startsWith("Customer calls:")) {
                calls = s;
            }
        }
        assertThat(calls).as(r.body()).isNotNull();
        assertThat(calls.get("text").asString()).isEqualTo("Customer calls: 2 analysed calls, talking 40 % of the time on "
                + "average, 5.0 questions asked per call; sentiment 1 neutral, 1 positive; topics: pricing; 1 next step agreed.");
        assertThat(calls.get("signals").size()).isEqualTo(8);
        assertThat(r.body()).doesNotContain(someoneElses, before);

        // with the organization's model: the call signals go with the work signals, and only the reviewee's
        var evidence = t.api().get("/api/v1/reviews/reviews/" + current).json();
        String callSignal = calls.get("signals").get(0).asString();
        assertThat(evidence.toString()).contains("\"CALLS\"", callSignal).doesNotContain(someoneElses, before);
        assertThat(connectModel(t).status()).isEqualTo(201);
        model.text = "{\"sentences\":[{\"text\":\"Ana listens more than she talks on customer calls.\",\"signals\":[\""
                + callSignal + "\"]}]}";
        var drafted = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(200);
        assertThat(model.received).singleElement().satisfies(req -> assertThat(req.body())
                .contains(callSignal, "TALK_RATIO", "send the revised quote").doesNotContain(someoneElses, before));
        assertThat(drafted.json().get("draft").get("sentences").get(0).get("signals").get(0).asString()).isEqualTo(callSignal);
    }

    /**
     * The organization's own model: an OpenAI-compatible endpoint (a connection with its key) on a local stand-in,
     * which the shared test context allows without a server-wide model setting.
     */
    private static Http.Response connectModel(Tenant t) {
        return t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label", "Our model",
                "baseUrl", model.base(), "secret", ORG_KEY));
    }

    private static Http.Response edit(Tenant t, String review, String text, UUID signal) {
        return t.api().json("PUT", "/api/v1/reviews/reviews/" + review + "/draft", Map.of("sentences",
                List.of(Map.of("text", text, "signals", signal == null ? List.of() : List.of(signal.toString())))));
    }

    private static List<String> texts(JsonNode draft) {
        List<String> out = new ArrayList<>();
        draft.get("sentences").forEach(s -> out.add(s.get("text").asString()));
        return out;
    }

    private static List<String> cited(JsonNode draft) {
        List<String> out = new ArrayList<>();
        draft.get("sentences").forEach(s -> s.get("signals").forEach(id -> {
            if (!out.contains(id.asString())) {
                out.add(id.asString());
            }
        }));
        return out;
    }
}

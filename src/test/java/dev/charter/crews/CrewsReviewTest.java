package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * CRW-2: every contact message is profiled (sentiment, category, lead score), each result with its confidence,
 * runner-up, provider and inputs. CRW-3: a result under the organization's gate, or with a significant effect, does
 * not act until a person approves it. CRW-4: a reviewer overrides any result (the person's value acts from then on,
 * recorded on the result and in the audit log), and a contact's own request for review lands in the queue and its
 * outcome reaches the contact's conversation.
 */
@CharterTest
class CrewsReviewTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:CRW-2")
    void everyResultCarriesItsConfidenceRunnerUpProviderAndInputs() {
        Tenant org = Tenant.signUp(port);
        String crew = crewWithCategories(org);
        String company = "cnry-company-" + UUID.randomUUID();
        var posted = CrewsFixtures.post(org, crew, Map.of("text", "Could I get a quote for 40 seats? The pricing page is unclear.",
                "contact", Map.of("email", "lead-" + UUID.randomUUID() + "@acme-widgets.test", "company", company,
                        "name", "Grace", "fields", Map.of("budget", "10k"))));
        String conversation = posted.get("conversationId").asString();
        String message = posted.get("messageId").asString();

        JsonNode profile = org.api().get("/api/v1/crews/conversations/" + conversation + "/profile").json();
        Map<String, JsonNode> byKind = new java.util.LinkedHashMap<>();
        profile.get("results").values().forEach(r -> byKind.put(r.get("kind").asString(), r));
        assertThat(byKind).containsOnlyKeys("sentiment", "category", "lead-score");
        for (JsonNode r : byKind.values()) {
            assertThat(r.get("confidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(r.get("runnerUpConfidence").asDouble()).isBetween(0.0, r.get("confidence").asDouble());
            assertThat(r.get("margin").asDouble()).isEqualTo(
                    Math.round((r.get("confidence").asDouble() - r.get("runnerUpConfidence").asDouble()) * 1000) / 1000.0);
            assertThat(r.get("provider").asString()).startsWith("charter-local/");
            assertThat(r.get("createdAt").isNull()).isFalse();
        }
        assertThat(byKind.get("sentiment").get("value").asString()).isIn("positive", "negative", "neutral");
        assertThat(byKind.get("category").get("value").asString()).isEqualTo("Sales");
        assertThat(byKind.get("category").get("runnerUp").asString()).isEqualTo("Shipping");
        // the lead score: 10, company +20, own domain +15, name +5, buying phrases (quote, pricing, seats) +24; this crew
        // asks for no lead fields, so the contact's budget adds nothing
        JsonNode lead = byKind.get("lead-score");
        assertThat(lead.get("value").asInt()).isEqualTo(74);
        assertThat(lead.get("factors").toString()).contains("company given +20").contains("quote").contains("pricing");
        assertThat(lead.get("effect").asString()).isEqualTo("route-to-sales");
        assertThat(lead.get("contactInputs").toString()).contains("company").contains("email domain");

        // the inputs are referenced: the message each saw, and which contact details by name, never their values
        for (JsonNode r : byKind.values()) {
            assertThat(r.get("inputMessages").toString()).contains(message);
        }
        assertThat(byKind.get("sentiment").get("messageId").asString()).isEqualTo(message);
        assertThat(new DatabaseScan(database).find(company)).containsExactly("crews_contact.company (1 rows)");
    }

    @Test
    @Tag("claim:CRW-3")
    void aLowConfidenceLeadScoreDoesNotActUntilAPersonApprovesIt() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "quiet-" + UUID.randomUUID() + "@example.test", "Hello, a question about your service");
        String conversation = posted.get("conversationId").asString();

        // one piece of evidence (an email): confidence 0.325, under the default gate of 0.7
        JsonNode profile = profile(org, conversation);
        assertThat(profile.get("acting").has("lead-score")).as("an unsure lead score does not act").isFalse();
        JsonNode item = openItem(org, conversation, "lead-score");
        assertThat(item.get("origin").asString()).isEqualTo("LOW_CONFIDENCE");
        assertThat(item.get("reason").asString()).contains("confidence 0.33 (minimum 0.70)");
        assertThat(item.get("decision").get("state").asString()).isEqualTo("REVIEW");
        assertThat(item.get("decision").get("provider").asString()).isEqualTo("charter-local/lead-score-1");
        assertThat(item.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(item.get("inputs").toString()).contains("a question about your service");

        var approved = org.api().postJson("/api/v1/crews/reviews/" + item.get("id").asString() + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(profile(org, conversation).get("acting").get("lead-score").asString())
                .isEqualTo(item.get("decision").get("value").asString());
        assertThat(org.api().postJson("/api/v1/crews/reviews/" + item.get("id").asString() + "/approve", Map.of()).status())
                .as("decided once").isEqualTo(409);

        // with the organization's gate lowered, the same kind of result acts at once
        assertThat(org.api().json("PUT", "/api/v1/crews/settings/review", Map.of("gates",
                Map.of("lead-score", Map.of("minConfidence", 0.1, "minMargin", 0.0)))).status()).isEqualTo(200);
        var second = CrewsFixtures.post(org, crew, "quiet-" + UUID.randomUUID() + "@example.test", "Hello, another question");
        assertThat(profile(org, second.get("conversationId").asString()).get("acting").has("lead-score")).isTrue();
    }

    @Test
    @Tag("claim:CRW-3")
    void aSignificantDecisionQueuesWhateverItsConfidence() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Sales");
        var saved = org.api().json("PUT", "/api/v1/crews/settings/review", Map.of(
                "gates", Map.of("lead-score", Map.of("minConfidence", 0.0, "minMargin", 0.0)),
                "significant", List.of("route-to-sales", "disqualify-lead")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        var posted = CrewsFixtures.post(org, crew, Map.of("text", "We want to buy 200 licenses; please send a quote and a demo.",
                "contact", Map.of("email", "cto-" + UUID.randomUUID() + "@bigcorp.test", "company", "BigCorp", "name", "Linus",
                        "phone", "+1 555 0100", "fields", Map.of("budget", "50k", "timeline", "Q3"))));
        String conversation = posted.get("conversationId").asString();
        JsonNode item = openItem(org, conversation, "lead-score");
        assertThat(item.get("origin").asString()).isEqualTo("SIGNIFICANT");
        assertThat(item.get("decision").get("effect").asString()).isEqualTo("route-to-sales");
        assertThat(item.get("decision").get("value").asInt()).isGreaterThanOrEqualTo(70);
        assertThat(profile(org, conversation).get("acting").has("lead-score")).isFalse();
    }

    @Test
    @Tag("claim:CRW-3")
    void gateBoundsAreValidatedAndOnlyAdminsChangeThem() {
        Tenant org = Tenant.signUp(port);
        Http member = CrewsFixtures.member(org);
        var before = org.api().get("/api/v1/crews/settings/review").json();
        var bad = org.api().json("PUT", "/api/v1/crews/settings/review", Map.of(
                "gates", Map.of("lead-score", Map.of("minConfidence", 1.5, "minMargin", 0.1), "mood", Map.of("minConfidence", 0.5, "minMargin", 0.1)),
                "significant", List.of("launch-rockets")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("gates.lead-score").contains("gates").contains("significant");
        assertThat(org.api().get("/api/v1/crews/settings/review").json()).isEqualTo(before);
        assertThat(member.json("PUT", "/api/v1/crews/settings/review", Map.of("significant", List.of())).status()).isEqualTo(403);
        assertThat(member.get("/api/v1/crews/settings/review").status()).isEqualTo(200);
        var ok = org.api().json("PUT", "/api/v1/crews/settings/review", Map.of("gates",
                Map.of("sentiment", Map.of("minConfidence", 0.9, "minMargin", 0.4))));
        assertThat(ok.json().get("gates").get("sentiment").get("minConfidence").asDouble()).isEqualTo(0.9);
        assertThat(ok.json().get("gates").get("lead-score").get("minConfidence").asDouble()).isEqualTo(0.7);
        assertThat(org.api().get("/api/v1/audit/events?limit=20").body()).contains("crews.review-policy.changed");
    }

    @Test
    @Tag("claim:CRW-4")
    void anOverridesValueIsWhatActsFromThenOnAndTheAuditLogHasIt() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        String email = "over-" + UUID.randomUUID() + "@example.test";
        var posted = CrewsFixtures.post(org, crew, email, "Just browsing, not interested really");
        String conversation = posted.get("conversationId").asString();
        JsonNode item = openItem(org, conversation, "lead-score");
        String id = item.get("id").asString();
        assertThat(item.get("decision").get("value").asInt()).isLessThan(20);

        var bad = org.api().postJson("/api/v1/crews/reviews/" + id + "/override", Map.of("value", "lots", "reason", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("value").contains("reason");
        assertThat(openItem(org, conversation, "lead-score").get("status").asString()).isEqualTo("OPEN");

        String reason = "Spoke to them on the phone: a serious buyer";
        var overridden = org.api().postJson("/api/v1/crews/reviews/" + id + "/override", Map.of("value", "85", "reason", reason));
        assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
        assertThat(overridden.json().get("status").asString()).isEqualTo("OVERRIDDEN");
        assertThat(overridden.json().get("decision").get("actingValue").asString()).isEqualTo("85");
        assertThat(overridden.json().get("decision").get("overrideReason").asString()).isEqualTo(reason);
        assertThat(overridden.json().get("decision").get("decidedBy").asString()).isEqualTo(org.user().value().toString());
        assertThat(profile(org, conversation).get("acting").get("lead-score").asString()).isEqualTo("85");

        // a new message rescores the lead, but the person's value keeps acting
        CrewsFixtures.post(org, crew, Map.of("text", "Still just browsing", "conversationId", conversation));
        JsonNode after = profile(org, conversation);
        assertThat(after.get("acting").get("lead-score").asString()).isEqualTo("85");
        assertThat(after.get("results").values().stream().filter(r -> r.get("kind").asString().equals("lead-score"))
                .map(r -> r.get("state").asString()).toList()).containsExactly("OVERRIDDEN", "HELD");
        assertThat(org.api().get("/api/v1/crews/reviews").json().values().stream()
                .filter(i -> i.get("conversationId").asString().equals(conversation))
                .filter(i -> i.get("decision").get("kind").asString().equals("lead-score")).count()).isZero();

        JsonNode event = org.api().get("/api/v1/audit/events?limit=50").json();
        String audit = event.toString();
        assertThat(audit).contains("crews.review.overridden").contains("\"to\":\"85\"").contains("review:" + id);
    }

    @Test
    @Tag("claim:CRW-4")
    void aContactsRequestForReviewLandsInTheQueueAndTheContactSeesTheOutcome() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "asks-" + UUID.randomUUID() + "@example.test", "What does the pro plan include?");
        String conversation = posted.get("conversationId").asString();
        String base = "/api/v1/crews/" + crew + "/conversations/" + conversation;
        String words = "cnry-why-" + UUID.randomUUID();

        var asked = org.api().postJson(base + "/review-requests", Map.of("text", "Why was I scored like this? " + words));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        assertThat(asked.json().get("status").asString()).isEqualTo("OPEN");
        JsonNode item = org.api().get("/api/v1/crews/reviews").json().values().stream()
                .filter(i -> i.get("origin").asString().equals("CONTACT_REQUEST")).findFirst().orElseThrow();
        assertThat(item.get("requestText").asString()).contains(words);
        assertThat(item.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(item.get("decision").get("kind").asString()).isEqualTo("lead-score");

        var decided = org.api().postJson("/api/v1/crews/reviews/" + item.get("id").asString() + "/override",
                Map.of("value", "60", "reason", "The contact explained their needs"));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        JsonNode view = org.api().get(base).json();
        assertThat(view.get("requests").values().stream().map(r -> r.get("status").asString()).toList()).contains("OVERRIDDEN");
        assertThat(view.get("messages").values().stream().map(m -> m.get("body").asString()).toList())
                .anyMatch(b -> b.contains("changed it to 60"));
        assertThat(view.toString()).as("the reviewer's reason stays with the organization")
                .doesNotContain("The contact explained their needs");

        // asking for a person: the conversation waits for one, the request is in the queue, approving takes it over
        var person = org.api().postJson(base + "/person-requests", Map.of("text", "A human please"));
        assertThat(person.status()).isEqualTo(201);
        assertThat(org.api().get(base).json().get("status").asString()).isEqualTo("WAITING");
        JsonNode personItem = org.api().get("/api/v1/crews/reviews").json().values().stream()
                .filter(i -> i.get("origin").asString().equals("ASKED_FOR_PERSON")).findFirst().orElseThrow();
        var taken = org.api().postJson("/api/v1/crews/reviews/" + personItem.get("id").asString() + "/approve", Map.of());
        assertThat(taken.json().get("status").asString()).isEqualTo("TAKEN_OVER");
        assertThat(org.api().get(base).json().get("status").asString()).isEqualTo("OPEN");

        // another organization neither sees nor reaches any of it
        Tenant stranger = Tenant.signUp(port);
        assertThat(stranger.api().get(base).status()).isEqualTo(404);
        assertThat(stranger.api().postJson(base + "/review-requests", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/v1/crews/reviews?status=all").body()).doesNotContain(words);
        assertThat(stranger.api().postJson("/api/v1/crews/reviews/" + item.get("id").asString() + "/approve", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    @Tag("claim:CRW-4")
    void anEscalatedItemWaitsForAnAdminAndStillDoesNotAct() {
        Tenant org = Tenant.signUp(port);
        Http member = CrewsFixtures.member(org);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "esc-" + UUID.randomUUID() + "@example.test", "Hello, one question");
        String conversation = posted.get("conversationId").asString();
        String id = openItem(org, conversation, "lead-score").get("id").asString();
        var escalated = member.postJson("/api/v1/crews/reviews/" + id + "/escalate", Map.of("reason", "Not sure"));
        assertThat(escalated.status()).as(escalated.body()).isEqualTo(200);
        assertThat(escalated.json().get("status").asString()).isEqualTo("ESCALATED");
        assertThat(member.postJson("/api/v1/crews/reviews/" + id + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(profile(org, conversation).get("acting").has("lead-score")).isFalse();
        assertThat(org.api().postJson("/api/v1/crews/reviews/" + id + "/override", Map.of("value", "30", "reason", "Checked"))
                .status()).isEqualTo(200);
        assertThat(profile(org, conversation).get("acting").get("lead-score").asString()).isEqualTo("30");
        assertThat(org.api().get("/api/v1/audit/events?limit=50").body()).contains("crews.review.escalated");
    }

    @Test
    @Tag("claim:CRW-4")
    void theReviewPageShowsWhatWasDecidedAndItsFormsDecide() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "page-" + UUID.randomUUID() + "@example.test", "Hello, is there a trial?");
        String conversation = posted.get("conversationId").asString();
        String id = openItem(org, conversation, "lead-score").get("id").asString();

        var page = org.browser().get("/crews/review");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("review-" + id).contains("charter-local/lead-score-1").contains("LOW_CONFIDENCE")
                .contains("Hello, is there a trial?").contains("Save gates");

        var bad = org.browser().form("/crews/review", "/crews/review/" + id + "/override", Map.of("value", "200", "reason", "x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("A lead score is a whole number from 0 to 100.");
        var done = org.browser().form("/crews/review", "/crews/review/" + id + "/override", Map.of("value", "55",
                "reason", "Asked for a trial on the phone"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(profile(org, conversation).get("acting").get("lead-score").asString()).isEqualTo("55");

        var gates = org.browser().form("/crews/review", "/crews/review/gates", Map.of("sentiment.minConfidence", "2",
                "sentiment.minMargin", "0.1", "category.minConfidence", "0.5", "category.minMargin", "0.1",
                "lead-score.minConfidence", "0.7", "lead-score.minMargin", "0.2"));
        assertThat(gates.status()).isEqualTo(400);
        assertThat(gates.body()).contains("Minimum confidence and minimum margin lie between 0 and 1.");
        assertThat(org.api().get("/api/v1/crews/settings/review").json().get("gates").get("sentiment").get("minConfidence")
                .asDouble()).isEqualTo(0.7);
    }

    private static String crewWithCategories(Tenant org) {
        var r = org.api().postJson("/api/v1/crews", Map.of("name", "Triage", "definition", Map.of("categories", List.of(
                Map.of("name", "Sales", "description", "Prices, quotes, plans, seats and buying",
                        "examples", List.of("How much does it cost?", "Can I get a quote?", "pricing for more seats")),
                Map.of("name", "Shipping", "description", "Delivery, parcels, tracking and shipping times",
                        "examples", List.of("Where is my parcel?", "Do you ship to Norway?"))))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static JsonNode profile(Tenant org, String conversation) {
        var r = org.api().get("/api/v1/crews/conversations/" + conversation + "/profile");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode openItem(Tenant org, String conversation, String kind) {
        return org.api().get("/api/v1/crews/reviews").json().values().stream()
                .filter(i -> i.get("conversationId").asString().equals(conversation))
                .filter(i -> !i.get("decision").isNull() && i.get("decision").get("kind").asString().equals(kind))
                .findFirst().orElseThrow(() -> new AssertionError("no open " + kind + " item for " + conversation));
    }
}

package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CRW-1: customers' messages from every channel land in the organization's conversations with one contact per email,
 * held for that organization only: its data contract declares them on its behalf, its export holds them, its admins
 * configure the crew (audited), and nobody else reaches them.
 */
@CharterTest
class CrewsCoreTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:CRW-1")
    void theApiChannelLandsMessagesInTheOrganizationsConversationsWithOneContactPerEmail() {
        Tenant org = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        String email = "ada-" + UUID.randomUUID() + "@example.test";
        String inquiry = "cnry-inquiry-" + UUID.randomUUID();

        var first = CrewsFixtures.post(org, crew, Map.of("text", "Do you ship to Norway? " + inquiry,
                "contact", Map.of("email", email, "name", "Ada", "company", "Analytical Engines",
                        "fields", Map.of("plan", "pro"))));
        var second = CrewsFixtures.post(org, crew, Map.of("text", "Another question", "externalRef", "thread-7",
                "contact", Map.of("email", email.toUpperCase(java.util.Locale.ROOT), "phone", "+47 22 00 00 00")));
        var followUp = CrewsFixtures.post(org, crew, Map.of("text", "And a follow-up", "conversationId",
                first.get("conversationId").asString()));

        // one contact across conversations, matched by email whatever its case; details merged
        assertThat(second.get("contactId").asString()).isEqualTo(first.get("contactId").asString());
        assertThat(second.get("conversationId").asString()).isNotEqualTo(first.get("conversationId").asString());
        assertThat(followUp.get("conversationId").asString()).isEqualTo(first.get("conversationId").asString());
        var contact = org.api().get("/api/v1/crews/contacts/" + first.get("contactId").asString()).json();
        assertThat(contact.get("name").asString()).isEqualTo("Ada");
        assertThat(contact.get("phone").asString()).isEqualTo("+47 22 00 00 00");
        assertThat(contact.get("fields").get("plan").asString()).isEqualTo("pro");

        var conversation = org.api().get("/api/v1/crews/conversations/" + first.get("conversationId").asString()).json();
        assertThat(conversation.get("summary").get("channel").asString()).isEqualTo("api");
        // no knowledge base yet: the crew hands the question to a person rather than guess
        assertThat(conversation.get("summary").get("status").asString()).isEqualTo("WAITING");
        assertThat(first.get("answer").get("handedOver").asBoolean()).isTrue();
        assertThat(conversation.get("messages").values().stream().filter(m -> m.get("author").asString().equals("CONTACT"))
                .map(m -> m.get("body").asString()).toList())
                .containsExactly("Do you ship to Norway? " + inquiry, "And a follow-up");
        // the same external reference continues its conversation
        var again = CrewsFixtures.post(org, crew, Map.of("text", "Same thread", "externalRef", "thread-7"));
        assertThat(again.get("conversationId").asString()).isEqualTo(second.get("conversationId").asString());

        // the data contract declares what Crews hold, for the organization, with its retention
        var contract = new Http(port).get("/api/v1/privacy/contract").json().get("dataClasses");
        for (String name : List.of("crews.contacts", "crews.conversations", "crews.messages")) {
            var entry = contract.values().stream().filter(n -> n.get("name").asString().equals(name)).findFirst().orElseThrow();
            assertThat(entry.get("exported").asBoolean()).isTrue();
            assertThat(entry.get("erasedWith").asString()).isEqualTo("the organization");
            assertThat(entry.get("purpose").asString()).contains("the organization is the controller");
        }

        // the organization's export holds it; the other organization's reaches none of it
        String exported = CrewsFixtures.export(org.browser()).get("sections").get("crews").toString();
        assertThat(exported).contains(inquiry).contains(email).contains("Analytical Engines");
        assertThat(CrewsFixtures.export(other.browser()).toString()).doesNotContain(inquiry).doesNotContain(email);
        assertThat(other.api().get("/api/v1/crews/conversations/" + first.get("conversationId").asString()).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/crews/conversations").body()).doesNotContain(first.get("conversationId").asString());
        assertThat(other.api().postJson("/api/v1/crews/" + crew + "/messages", Map.of("text", "hi")).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/crews/contacts?q=" + email).body()).doesNotContain(email);

        // stored with its organization, and only there
        var rows = Owner.jdbc(database).sql("select org_id from crews_message where body like ?").param("%" + inquiry + "%")
                .query(UUID.class).list();
        assertThat(rows).containsExactly(org.org().value());
        // (the export files made above hold it too, for their organization's own download)
        assertThat(new DatabaseScan(database).find(inquiry)).containsExactlyInAnyOrder("crews_message.body (1 rows)",
                "privacy_export_job.file (1 rows)");
    }

    @Test
    @Tag("claim:CRW-1")
    void onlyAdminsConfigureTheCrewAndEveryChangeIsAudited() {
        Tenant org = Tenant.signUp(port);
        Http member = CrewsFixtures.member(org);
        assertThat(member.postJson("/api/v1/crews", Map.of("name", "Sneaky")).status()).isEqualTo(403);
        String crew = CrewsFixtures.crew(org, "Sales", List.of("https://www.example.com"));
        assertThat(member.get("/api/v1/crews/" + crew).status()).isEqualTo(200);
        assertThat(member.json("PUT", "/api/v1/crews/settings", Map.of("retentionDays", 30)).status()).isEqualTo(403);

        var changed = org.api().json("PUT", "/api/v1/crews/" + crew, Map.of("name", "Sales team",
                "origins", List.of("https://WWW.example.com/", "http://localhost:8080"),
                "definition", Map.of("thresholds", Map.of("lead-score", Map.of("minConfidence", 0.9, "minMargin", 0.3)),
                        "significant", List.of("route-to-sales"), "reservedTopics", List.of("refund"))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("origins").toString()).isEqualTo("[\"https://www.example.com\",\"http://localhost:8080\"]");
        assertThat(changed.json().get("definition").get("thresholds").get("lead-score").get("minConfidence").asDouble()).isEqualTo(0.9);
        // thresholds not given keep their defaults
        assertThat(changed.json().get("definition").get("thresholds").has("sentiment")).isTrue();
        var settings = org.api().json("PUT", "/api/v1/crews/settings", Map.of("retentionDays", 30));
        assertThat(settings.json().get("retentionDays").asInt()).isEqualTo(30);

        String audit = org.api().get("/api/v1/audit/events?limit=50").body();
        assertThat(audit).contains("crews.crew.created").contains("crews.crew.updated").contains("crews.settings.changed");
    }

    @Test
    void badInputIsRefusedWholeAndNothingIsStored() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var bad = org.api().postJson("/api/v1/crews/" + crew + "/messages", Map.of("text", " ",
                "contact", Map.of("email", "not-an-email", "phone", "call me")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("text").contains("contact.email").contains("contact.phone");
        var tooLong = org.api().postJson("/api/v1/crews/" + crew + "/messages", Map.of("text", "x".repeat(20_001)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(org.api().get("/api/v1/crews/conversations").json().size()).isZero();
        assertThat(org.api().get("/api/v1/crews/contacts").json().size()).isZero();

        var badCrew = org.api().postJson("/api/v1/crews", Map.of("name", "", "origins", List.of("javascript:alert(1)"),
                "definition", Map.of("thresholds", Map.of("lead-score", Map.of("minConfidence", 2, "minMargin", 0)),
                        "significant", List.of("launch-rockets"))));
        assertThat(badCrew.status()).isEqualTo(400);
        assertThat(badCrew.body()).contains("name").contains("origins").contains("definition.thresholds.lead-score")
                .contains("definition.significant");
        assertThat(org.api().json("PUT", "/api/v1/crews/settings", Map.of("retentionDays", 3)).status()).isEqualTo(400);
        assertThat(org.api().get("/api/v1/crews").json().size()).isEqualTo(1);
    }

    @Test
    void takingOverStopsTheCrewAndNotesStayPrivate() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "bob-" + UUID.randomUUID() + "@example.test", "Where is my order?");
        String id = posted.get("conversationId").asString();
        var taken = org.api().postJson("/api/v1/crews/conversations/" + id + "/take-over", Map.of());
        assertThat(taken.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(taken.json().get("assigneeId").asString()).isEqualTo(org.user().value().toString());
        assertThat(org.api().postJson("/api/v1/crews/conversations/" + id + "/notes", Map.of("text", "VIP customer")).status())
                .isEqualTo(201);
        assertThat(org.api().postJson("/api/v1/crews/conversations/" + id + "/replies", Map.of("text", "It ships today."))
                .status()).isEqualTo(201);
        var next = CrewsFixtures.post(org, crew, Map.of("text", "Thanks!", "conversationId", id));
        assertThat(next.get("status").asString()).isEqualTo("OPEN");
        assertThat(next.hasNonNull("answer")).isFalse();
        var authors = org.api().get("/api/v1/crews/conversations/" + id).json().get("messages").values().stream()
                .map(m -> m.get("author").asString()).toList();
        assertThat(authors).containsExactly("CONTACT", "CREW", "NOTE", "PERSON", "CONTACT");
        var mine = org.api().get("/api/v1/crews/conversations?assignee=" + org.user().value() + "&status=OPEN").json();
        assertThat(mine.size()).isEqualTo(1);
        assertThat(org.api().get("/api/v1/crews/conversations?q=where%20is%20my").json().size()).isEqualTo(1);
        assertThat(org.api().get("/api/v1/crews/conversations?q=nothing-like-this").json().size()).isZero();
    }
}

package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CRW-8: on a contact's request the organization exports everything Crews hold about the contact, corrects it, and
 * erases it across every conversation in one step, with a receipt anyone can verify; nothing of the contact stays
 * anywhere (every table, the logs), and another contact is untouched.
 */
@CharterTest
class CrewsContactRightsTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:CRW-8")
    void aContactIsExportedCorrectedAndErasedEverywhereInOneStep() {
        Tenant org = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        try (Canary canary = Canary.start(database)) {
            String email = canary.plant("email") + "@example.test";
            String first = canary.plant("first-message");
            String second = canary.plant("second-message");
            String company = canary.plant("company");
            String keep = canary.plant("other-contact");
            String request = canary.plant("review-request");
            var a = CrewsFixtures.post(org, crew, Map.of("text", "Question one " + first,
                    "contact", Map.of("email", email, "company", company, "name", "Ada")));
            var b = CrewsFixtures.post(org, crew, Map.of("text", "Question two " + second, "externalRef", "t-2",
                    "contact", Map.of("email", email)));
            var other = CrewsFixtures.post(org, crew, "other@example.test", "Unrelated " + keep);
            String contact = a.get("contactId").asString();
            assertThat(b.get("contactId").asString()).isEqualTo(contact);
            assertThat(org.api().postJson("/api/v1/crews/" + crew + "/conversations/" + a.get("conversationId").asString()
                    + "/review-requests", Map.of("text", "Please review my score " + request)).status()).isEqualTo(201);
            assertThat(org.api().postJson("/api/v1/crews/conversations/" + a.get("conversationId").asString() + "/notes",
                    Map.of("text", "note about " + first)).status()).isEqualTo(201);

            // export: everything, across both conversations, notes included
            Http member = CrewsFixtures.member(org);
            assertThat(member.get("/api/v1/crews/contacts/" + contact + "/export").status()).isEqualTo(403);
            var exported = org.api().get("/api/v1/crews/contacts/" + contact + "/export");
            assertThat(exported.status()).isEqualTo(200);
            assertThat(exported.body()).contains(email).contains(first).contains(second).contains(company)
                    .contains("note about").contains(request).contains("lead-score").doesNotContain(keep);
            assertThat(exported.json().get("contact").get("conversations").size()).isEqualTo(2);

            // correction: the values sent replace the old ones
            var corrected = org.api().json("PUT", "/api/v1/crews/contacts/" + contact, Map.of("email", email,
                    "name", "Ada Lovelace", "company", company));
            assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
            assertThat(corrected.json().get("name").asString()).isEqualTo("Ada Lovelace");
            assertThat(org.api().json("PUT", "/api/v1/crews/contacts/" + contact, Map.of("email", "other@example.test"))
                    .status()).as("another contact's email").isEqualTo(409);

            // erasure: one step, a receipt, nothing left
            assertThat(member.delete("/api/v1/crews/contacts/" + contact).status()).isEqualTo(403);
            var erased = org.api().delete("/api/v1/crews/contacts/" + contact);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            var receipt = erased.json();
            assertThat(receipt.get("removed").get("crews.conversations").asLong()).isEqualTo(2);
            assertThat(receipt.get("removed").get("crews.messages").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(receipt.get("remaining").toString()).isEqualTo(
                    "{\"crews.contacts\":0,\"crews.conversations\":0,\"crews.messages\":0,\"crews.results\":0,\"crews.reviews\":0}");
            assertThat(receipt.get("removed").get("crews.results").asLong()).as("profiling results go too").isGreaterThanOrEqualTo(4);
            assertThat(receipt.get("removed").get("crews.reviews").asLong()).as("review items go too").isGreaterThanOrEqualTo(1);
            var verified = new Http(port).postJson("/api/v1/privacy/receipts/verify", receipt);
            assertThat(verified.json().get("valid").asBoolean()).as(verified.body()).isTrue();
            ((tools.jackson.databind.node.ObjectNode) receipt).put("contactId", "tampered");
            assertThat(new Http(port).postJson("/api/v1/privacy/receipts/verify", receipt).json().get("valid").asBoolean())
                    .isFalse();

            canary.assertNowhere(email, first, second, company, request);
            assertThat(org.api().get("/api/v1/crews/contacts/" + contact).status()).isEqualTo(404);
            assertThat(org.api().get("/api/v1/crews/conversations/" + a.get("conversationId").asString()).status())
                    .isEqualTo(404);
            assertThat(org.api().get("/api/v1/crews/conversations/" + other.get("conversationId").asString()).body())
                    .contains(keep);
            assertThat(canary.database(keep)).isNotEmpty();
            assertThat(org.api().get("/api/v1/audit/events").body()).contains("crews.contact.erased")
                    .contains("crews.contact.exported");
        }
    }

    @Test
    void anotherOrganizationCannotExportOrEraseTheContact() {
        Tenant org = Tenant.signUp(port);
        Tenant stranger = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(org, "Support");
        var posted = CrewsFixtures.post(org, crew, "kept@example.test", "Hello there, question");
        String contact = posted.get("contactId").asString();
        assertThat(stranger.api().get("/api/v1/crews/contacts/" + contact + "/export").status()).isEqualTo(404);
        assertThat(stranger.api().delete("/api/v1/crews/contacts/" + contact).status()).isEqualTo(404);
        assertThat(org.api().get("/api/v1/crews/contacts/" + contact).status()).isEqualTo(200);
        assertThat(Set.of(200)).contains(org.api().get("/api/v1/crews/contacts/" + contact + "/export").status());
    }
}

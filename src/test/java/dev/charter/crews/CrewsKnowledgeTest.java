package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The knowledge base and the answerer: documents become passages, answers cite them, the local path answers only
 * when retrieval is confident and hands over otherwise, a model only sees this organization's passages and this
 * conversation, and a removed document leaves the index at once. The model path is CrewAnswererModelTest.
 */
@CharterTest
class CrewsKnowledgeTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    static final String SHIPPING = """
            # Shipping

            We ship to every country in the European Union and to Norway, Switzerland and the United Kingdom.
            Orders leave our warehouse within two working days.

            ## Delivery times

            Delivery inside Germany takes one to three days; other countries take three to seven days.

            # Returns

            You can return any product within **30 days** of delivery for a full refund. Print the return label
            from your [account page](https://example.com/account) and drop the parcel at any post office.
            """;

    static final String PASSWORDS = """
            <html><head><title>x</title><script>var leaked = 'cnry-script';</script><style>.a{}</style></head>
            <body><h1>Passwords</h1><p onclick="steal()">To reset your password, open the sign-in page and choose
            <b>Forgot password</b>. We email you a link that works for one hour.</p>
            <h2>Two-factor authentication</h2><p>Turn on two-factor authentication in your security settings with
            any authenticator app.</p><iframe src="https://tracker.example"></iframe></body></html>
            """;

    @Test
    void documentsAreSplitIntoCleanPassagesAndAnswersCiteTheOneTheyRestOn() {
        Tenant org = Tenant.signUp(port);
        String shipping = add(org, "Shipping and returns", "markdown", SHIPPING);
        String passwords = add(org, "Account help", "html", PASSWORDS);
        var passages = org.api().get("/api/v1/crews/knowledge/documents/" + passwords + "/passages").json();
        String all = passages.toString();
        assertThat(all).contains("Forgot password").contains("authenticator app")
                .doesNotContain("cnry-script").doesNotContain("<").doesNotContain("steal").doesNotContain("tracker");
        assertThat(passages.values().stream().map(p -> p.get("heading").asString()).toList())
                .containsExactly("Passwords", "Two-factor authentication");
        var md = org.api().get("/api/v1/crews/knowledge/documents/" + shipping + "/passages").json().toString();
        assertThat(md).contains("within 30 days of delivery").contains("from your account page")
                .doesNotContain("**").doesNotContain("https://example.com/account");

        String crew = CrewsFixtures.crew(org, "Support");
        var answered = CrewsFixtures.post(org, crew, "c-" + UUID.randomUUID() + "@example.test",
                "How many days do I have to send a product back for a refund?");
        JsonNode answer = answered.get("answer");
        assertThat(answer.get("handedOver").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.get("text").asString()).contains("return any product within 30 days");
        assertThat(answer.get("citations").values().stream().map(c -> c.get("documentId").asString()).toList())
                .containsExactly(shipping);
        assertThat(answer.get("citations").get(0).get("heading").asString()).isEqualTo("Returns");
        assertThat(answer.get("actions").toString()).contains("ask-for-person").contains("ask-for-review");
        assertThat(answered.get("status").asString()).isEqualTo("CREW");
        // the citation is stored with the crew's message
        var stored = org.api().get("/api/v1/crews/conversations/" + answered.get("conversationId").asString()).json()
                .get("messages").get(1);
        assertThat(stored.get("author").asString()).isEqualTo("CREW");
        assertThat(stored.get("citations").toString()).contains(shipping);

        var reset = CrewsFixtures.post(org, crew, Map.of("text", "how do i reset my pasword?", "conversationId",
                answered.get("conversationId").asString()));
        assertThat(reset.get("answer").get("text").asString()).contains("Forgot password");
    }

    @Test
    void theLocalPathHandsOverWhatTheKnowledgeBaseDoesNotAnswerAndNeverInvents() {
        Tenant org = Tenant.signUp(port);
        add(org, "Shipping and returns", "markdown", SHIPPING);
        String crew = CrewsFixtures.crew(org, "Support");
        var unanswerable = CrewsFixtures.post(org, crew, "u-" + UUID.randomUUID() + "@example.test",
                "Can I pay with cryptocurrency or bitcoin?");
        JsonNode answer = unanswerable.get("answer");
        assertThat(answer.get("handedOver").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("citations").size()).isZero();
        assertThat(answer.get("text").asString()).doesNotContain("ship").doesNotContain("refund");
        assertThat(unanswerable.get("status").asString()).isEqualTo("WAITING");
        // waiting for a person: the crew no longer answers there
        var next = CrewsFixtures.post(org, crew, Map.of("text", "How long does delivery take?",
                "conversationId", unanswerable.get("conversationId").asString()));
        assertThat(next.hasNonNull("answer")).isFalse();

        var asks = CrewsFixtures.post(org, crew, "p-" + UUID.randomUUID() + "@example.test",
                "I want to talk to a human about shipping");
        assertThat(asks.get("answer").get("reason").asString()).isEqualTo("asked-for-person");
        assertThat(asks.get("status").asString()).isEqualTo("WAITING");

        var greeting = CrewsFixtures.post(org, crew, "g-" + UUID.randomUUID() + "@example.test", "Hi!");
        assertThat(greeting.get("answer").get("handedOver").asBoolean()).isFalse();
        assertThat(greeting.get("answer").get("citations").size()).isZero();
        assertThat(greeting.get("status").asString()).isEqualTo("CREW");
    }

    @Test
    @Tag("claim:CRW-6")
    void retrievalAndTheModelOnlySeeThisOrganizationsPassagesAndThisConversation() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String canaryA = "cnry-kb-a-" + UUID.randomUUID();
        String canaryB = "cnry-kb-b-" + UUID.randomUUID();
        String messageB = "cnry-msg-b-" + UUID.randomUUID();
        add(a, "Warranty", "text", "Our warranty covers every espresso machine for two years. Reference " + canaryA + ".");
        add(b, "Warranty", "text", "Our warranty covers every espresso machine for five years. Reference " + canaryB + ".");
        String crewA = CrewsFixtures.crew(a, "A");
        String crewB = CrewsFixtures.crew(b, "B");
        CrewsFixtures.post(b, crewB, "b-" + UUID.randomUUID() + "@example.test", "Warranty for espresso machine? " + messageB);

        // retrieval: the same words find only the organization's own passage
        var found = a.api().get("/api/v1/crews/knowledge/search?q=espresso%20machine%20warranty%20" + canaryB).json();
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.toString()).contains(canaryA).doesNotContain(canaryB);

        // the local answer rests on A's passage alone
        var answered = CrewsFixtures.post(a, crewA, "a-" + UUID.randomUUID() + "@example.test",
                "How long is the warranty on my espresso machine?");
        assertThat(answered.get("answer").get("text").asString()).contains(canaryA).doesNotContain(canaryB);
        assertThat(answered.get("answer").toString()).doesNotContain(canaryB);

        // nothing of B reached A's conversations or B's passages A's answers
        assertThat(a.api().get("/api/v1/crews/conversations").body()).doesNotContain(messageB);
        String conversationsOfA = Owner.jdbc(database).sql("select string_agg(body, ' ') from crews_message where org_id = ?")
                .param(a.org().value()).query(String.class).single();
        assertThat(conversationsOfA).doesNotContain(canaryB).doesNotContain(messageB);
    }

    @Test
    void aRemovedDocumentLeavesTheIndexInTheSameTransaction() {
        Tenant org = Tenant.signUp(port);
        String doc = add(org, "Shipping and returns", "markdown", SHIPPING);
        assertThat(org.api().get("/api/v1/crews/knowledge/search?q=refund").json().size()).isPositive();
        long postings = Owner.jdbc(database).sql("""
                select count(*) from crews_posting x join crews_passage p on p.id = x.passage_id where p.document_id = ?""")
                .param(UUID.fromString(doc)).query(Long.class).single();
        assertThat(postings).isPositive();
        assertThat(org.api().delete("/api/v1/crews/knowledge/documents/" + doc).status()).isEqualTo(204);
        // as soon as the removal answered, on any node: no passage, no posting, no hit
        assertThat(Owner.jdbc(database).sql("select count(*) from crews_posting where org_id = ?").param(org.org().value())
                .query(Long.class).single()).isZero();
        assertThat(org.api().get("/api/v1/crews/knowledge/search?q=refund").json().size()).isZero();
        String crew = CrewsFixtures.crew(org, "Support");
        var after = CrewsFixtures.post(org, crew, "r-" + UUID.randomUUID() + "@example.test", "Can I return a product for a refund?");
        assertThat(after.get("answer").get("handedOver").asBoolean()).isTrue();
        assertThat(org.api().get("/api/v1/audit/events").body()).contains("crews.document.added").contains("crews.document.removed");
    }

    @Test
    void badDocumentsAreRefusedWhole() {
        Tenant org = Tenant.signUp(port);
        var bad = org.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "", "format", "pdf", "content", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("title").contains("format").contains("content");
        var empty = org.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Only markup", "format", "html",
                "content", "<script>x()</script><style>p{}</style>"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(org.api().get("/api/v1/crews/knowledge/documents").json().size()).isZero();
        var member = CrewsFixtures.member(org);
        assertThat(member.postJson("/api/v1/crews/knowledge/documents", Map.of("title", "T", "format", "text",
                "content", "Some text")).status()).isEqualTo(403);
    }

    static String add(Tenant t, String title, String format, String content) {
        var r = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", title, "format", format, "content", content));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}

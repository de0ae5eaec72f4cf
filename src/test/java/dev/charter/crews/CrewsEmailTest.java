package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The email channel against GreenMail, a real IMAP and SMTP server on 127.0.0.1: a customer's mail to the support
 * mailbox becomes a conversation with its contact, the crew's answer comes back as a reply in the thread (In-Reply-To
 * and References, no quote of what the customer wrote, the sources and how to ask for a person), the customer's
 * answer joins the same conversation, "PERSON" hands it to a person, and the person's reply from the inbox goes out
 * by mail. Automatic mail is stored and never answered. The mailbox's password is nowhere but in the vault.
 */
@CharterTest
class CrewsEmailTest {

    static final String SUPPORT = "support@shop.example";
    static final String CUSTOMER = "ada@customer.example";
    static final String PASSWORD = "mailbox-pw-" + UUID.randomUUID();
    static GreenMail greenMail;

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        greenMail.start();
        greenMail.setUser(SUPPORT, "support", PASSWORD);
        greenMail.setUser(CUSTOMER, "ada", "ada-pw");
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1"); // GreenMail offers no TLS
        registry.add("charter.egress.policies[crews.email.imap].extra-destinations",
                () -> "imap://127.0.0.1:" + greenMail.getImap().getPort());
        registry.add("charter.egress.policies[crews.email.smtp].extra-destinations",
                () -> "smtp://127.0.0.1:" + greenMail.getSmtp().getPort());
        registry.add("charter.egress.policies[connectors.verify].extra-destinations",
                () -> "smtp://127.0.0.1:" + greenMail.getSmtp().getPort() + ",imap://127.0.0.1:" + greenMail.getImap().getPort());
    }

    @BeforeEach
    void empty() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private String connection(Tenant t, String kind, int port) {
        Map<String, Object> c = new HashMap<>();
        c.put("kind", kind);
        c.put("label", kind.equals("IMAP_SERVER") ? "Support inbox" : "Support outbox");
        c.put("host", "127.0.0.1");
        c.put("port", port);
        c.put("security", "PLAIN");
        c.put("username", "support");
        c.put("secret", PASSWORD);
        c.put("verify", false);
        if (kind.equals("SMTP_SERVER")) {
            c.put("from", SUPPORT);
        }
        Http.Response r = t.api().postJson("/api/v1/connections", c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A crew with a shipping page in its knowledge base, reading the support mailbox. */
    private String crewWithMailbox(Tenant t) {
        String crew = CrewsFixtures.crew(t, "Support");
        Http.Response doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping", "format",
                "markdown", "content", CrewsKnowledgeTest.SHIPPING));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        Http.Response box = t.api().json("PUT", "/api/v1/crews/" + crew + "/mailbox", Map.of(
                "imapConnectionId", connection(t, "IMAP_SERVER", greenMail.getImap().getPort()),
                "smtpConnectionId", connection(t, "SMTP_SERVER", greenMail.getSmtp().getPort()),
                "address", SUPPORT, "checkEverySeconds", 3600));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
        return crew;
    }

    /** Sends mail from the customer to the support mailbox through GreenMail's SMTP; returns its Message-ID. */
    private static String mail(String subject, String text, String inReplyTo, Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(CUSTOMER, "Ada Lovelace"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        m.setSubject(subject);
        m.setText(text);
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
        headers.forEach((k, v) -> {
            try {
                m.setHeader(k, v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        jakarta.mail.Transport.send(m); // gives the message its Message-ID
        return m.getMessageID();
    }

    private static JsonNode check(Tenant t, String crew) {
        Http.Response r = t.api().postJson("/api/v1/crews/" + crew + "/mailbox/check", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The mail the customer received, newest last. */
    private static List<MimeMessage> customerMail() {
        return java.util.Arrays.stream(greenMail.getReceivedMessagesForDomain("customer.example")).toList();
    }

    @Test
    @Tag("claim:CRW-1")
    void aMailIsAnsweredInItsThreadTheCustomersAnswerJoinsItAndAPersonRepliesByMail() throws Exception {
        Tenant t = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            String crew = crewWithMailbox(t);
            String first = mail("Returning my kettle", "How many days do I have to send a product back for a refund?",
                    null, Map.of());

            JsonNode box = check(t, crew);
            assertThat(box.path("lastError").isNull() || box.path("lastError").isMissingNode()).as(box.toString()).isTrue();
            assertThat(box.path("messagesRead").asLong()).isEqualTo(1);
            JsonNode conversations = t.api().get("/api/v1/crews/conversations?channel=EMAIL").json();
            assertThat(conversations).hasSize(1);
            String conversation = conversations.get(0).path("id").asString();
            JsonNode thread = t.api().get("/api/v1/crews/conversations/" + conversation).json();
            assertThat(thread.path("contact").path("email").asString()).isEqualTo(CUSTOMER);
            assertThat(thread.path("contact").path("name").asString()).isEqualTo("Ada Lovelace");
            assertThat(thread.path("summary").path("subject").asString()).isEqualTo("Returning my kettle");

            // the crew's answer is a reply in the thread, quoting nothing the customer wrote
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> customerMail().size() == 1);
            MimeMessage answer = customerMail().get(0);
            assertThat(answer.getSubject()).isEqualTo("Re: Returning my kettle");
            assertThat(answer.getFrom()[0].toString()).isEqualTo(SUPPORT);
            assertThat(answer.getHeader("In-Reply-To")[0]).isEqualTo(first);
            assertThat(answer.getHeader("References")[0]).contains(first);
            String body = GreenMailUtil.getBody(answer);
            assertThat(body).contains("30 days").contains("Sources:").contains("Shipping").contains("PERSON").contains("REVIEW");
            assertThat(body).as("the reply quotes nothing the customer wrote").doesNotContain("send a product back");

            // the customer answers the answer, quoting it: it joins the same conversation, without the quote
            String quoted = "Thanks! And where do I get the label?\n\nOn Fri, Dec 4, 2026 at 10:00 Support wrote:\n> "
                    + body.lines().findFirst().orElse("") + "\n";
            mail("Re: Returning my kettle", quoted, answer.getMessageID(), Map.of());
            check(t, crew);
            assertThat(t.api().get("/api/v1/crews/conversations?channel=EMAIL").json()).hasSize(1);
            JsonNode messages = t.api().get("/api/v1/crews/conversations/" + conversation).json().path("messages");
            JsonNode second = messages.get(2);
            assertThat(second.path("author").asString()).isEqualTo("CONTACT");
            assertThat(second.path("body").asString()).isEqualTo("Thanks! And where do I get the label?");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> customerMail().size() == 2);
            assertThat(customerMail().get(1).getHeader("References")[0]).contains(first).contains(answer.getMessageID());

            // PERSON hands it to a person, and the crew stays silent
            mail("Re: Returning my kettle", "PERSON", customerMail().get(1).getMessageID(), Map.of());
            check(t, crew);
            JsonNode waiting = t.api().get("/api/v1/crews/conversations/" + conversation).json();
            assertThat(waiting.path("summary").path("status").asString()).isEqualTo("WAITING");
            assertThat(customerMail()).hasSize(2);

            // a person's reply from the inbox goes out by mail in the thread
            Http.Response reply = t.api().postJson("/api/v1/crews/conversations/" + conversation + "/replies",
                    Map.of("text", "Hello Ada, I have sent you a label myself. Best, Grace"));
            assertThat(reply.status()).as(reply.body()).isIn(200, 201);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> customerMail().size() == 3);
            MimeMessage personal = customerMail().get(2);
            assertThat(GreenMailUtil.getBody(personal)).contains("I have sent you a label").doesNotContain("PERSON");
            assertThat(personal.getHeader("In-Reply-To")).isNotNull();

            // the mailbox's password is in the vault only: nowhere in a table, a log line or an answer
            canary.assertNowhere(PASSWORD);
            assertThat(t.api().get("/api/v1/crews/" + crew + "/mailbox").body()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void automaticMailIsStoredAndNeverAnsweredAndBadSettingsAreRefusedWhole() throws Exception {
        Tenant t = Tenant.signUp(port);
        String crew = crewWithMailbox(t);
        mail("Out of office", "I am away until Monday.", null, Map.of("Auto-Submitted", "auto-replied"));
        check(t, crew);
        JsonNode conversations = t.api().get("/api/v1/crews/conversations?channel=EMAIL").json();
        assertThat(conversations).hasSize(1);
        assertThat(customerMail()).as("no answer to an auto-reply").isEmpty();
        check(t, crew);
        assertThat(t.api().get("/api/v1/crews/" + crew + "/mailbox").json().path("messagesRead").asLong())
                .as("a message is read once").isEqualTo(1);

        // one check of a mailbox at a time: while another holds it, "check now" is refused and reads nothing
        mail("Still away", "Back on Monday.", null, Map.of("Auto-Submitted", "auto-replied"));
        Owner.jdbc(database).sql("update crews_mailbox set lease_until = now() + interval '1 minute' where crew_id = ?::uuid")
                .param(crew).update();
        Http.Response busy = t.api().postJson("/api/v1/crews/" + crew + "/mailbox/check", Map.of());
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.body()).contains("being read right now");
        assertThat(t.api().get("/api/v1/crews/" + crew + "/mailbox").json().path("messagesRead").asLong()).isEqualTo(1);
        Owner.jdbc(database).sql("update crews_mailbox set lease_until = null where crew_id = ?::uuid").param(crew).update();
        assertThat(check(t, crew).path("messagesRead").asLong()).isEqualTo(2);

        Http.Response bad = t.api().json("PUT", "/api/v1/crews/" + crew + "/mailbox", Map.of("imapConnectionId",
                UUID.randomUUID().toString(), "address", "not an address", "checkEverySeconds", 1));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("imapConnectionId").contains("smtpConnectionId").contains("address")
                .contains("checkEverySeconds");
        assertThat(Owner.jdbc(database).sql("select address from crews_mailbox where crew_id = ?::uuid").param(crew)
                .query(String.class).single()).as("the mailbox as it was").isEqualTo(SUPPORT);

        // the settings page shows the mailbox, and a bad form comes back on it with the reason
        String page = t.browser().get("/crews/settings").body();
        assertThat(page).contains("id=\"mailbox-" + crew + "\"").contains(SUPPORT).contains("Check now");
        Http.Response form = t.browser().form("/crews/settings", "/crews/" + crew + "/mailbox", Map.of("address", "nope"));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body()).contains("Give the support address").contains("Choose the IMAP server connection");

        Tenant other = Tenant.signUp(port);
        assertThat(other.api().get("/api/v1/crews/" + crew + "/mailbox").status()).isEqualTo(404);
        assertThat(other.api().postJson("/api/v1/crews/" + crew + "/mailbox/check", Map.of()).status()).isEqualTo(404);
        assertThat(t.api().delete("/api/v1/crews/" + crew + "/mailbox").status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/crews/" + crew + "/mailbox").status()).isEqualTo(404);
    }
}

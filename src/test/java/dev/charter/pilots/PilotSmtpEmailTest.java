package dev.charter.pilots;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The email step through an SMTP server connection, against GreenMail as a real SMTP server on 127.0.0.1, all
 * through the egress gateway's mail side. GreenMail listens on a port that is not an SMTP port, so the test allows
 * it the way an operator would (extra-destinations); it offers no STARTTLS and no TLS certificate Charter trusts.
 */
@CharterTest
class PilotSmtpEmailTest {

    static final String USER = "shop";
    static GreenMail greenMail;
    static String password = "pw-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser("orders@shop.example", USER, password));
        greenMail.start();
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
        registry.add("charter.jobs.backoff-base", () -> "100ms");
        registry.add("charter.jobs.poll-interval", () -> "100ms");
        registry.add("charter.egress.policies[pilots.email.smtp].extra-destinations",
                () -> "smtp://127.0.0.1:" + greenMail.getSmtp().getPort());
        registry.add("charter.egress.policies[connectors.verify].extra-destinations",
                () -> "smtp://127.0.0.1:" + greenMail.getSmtp().getPort() + ",smtps://127.0.0.1:" + greenMail.getSmtps().getPort());
    }

    @LocalServerPort int port;
    @Autowired DatabaseTarget target;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void empty() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static Map<String, Object> smtpConnection(String label, String host, int port, String security, String pw,
                                                      boolean verify) {
        Map<String, Object> c = new HashMap<>();
        c.put("kind", "SMTP_SERVER");
        c.put("label", label);
        c.put("host", host);
        c.put("port", port);
        c.put("security", security);
        c.put("username", USER);
        c.put("secret", pw);
        c.put("from", "orders@shop.example");
        c.put("verify", verify);
        return c;
    }

    private static Map<String, Object> mailPilot(String connection, String text) {
        return Map.of("title", "Mail " + connection, "steps", List.of(Map.of("kind", "email", "name", "mail", "config",
                Map.of("connection", connection, "to", "{{ trigger.email }}",
                        "subject", "Your order {{ trigger.id }}", "text", text))));
    }

    private JsonNode deliver(Tenant t, JsonNode pilot, Map<String, Object> payload) {
        var accepted = new Http(port).postJson(pilot.get("deliveryPath").asString(), payload);
        assertThat(accepted.status()).isEqualTo(202);
        return awaitRun(t.api(), accepted.json().get("run").asString());
    }

    @Test
    @Tag("claim:PIL-1")
    @Tag("claim:EGR-3")
    @Tag("claim:VLT-2")
    void theStepSendsThroughTheSmtpServerAndThePasswordAppearsNowhere() throws Exception {
        try (Canary canary = Canary.start(target)) {
            Tenant t = Tenant.signUp(port);
            var created = t.api().postJson("/api/v1/connections",
                    smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "PLAIN", password, true));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("status").asString()).isEqualTo("ACTIVE");
            assertThat(created.json().get("smtpSecurity").asString()).isEqualTo("PLAIN");
            assertThat(greenMail.getReceivedMessages()).as("verifying sends no mail").isEmpty();

            var pilot = create(t.api(), mailPilot("mail", "Thanks! Order {{ trigger.id }} is on its way."));
            var run = deliver(t, pilot, Map.of("id", "A-17", "email", "ada@example.org"));
            assertThat(run.get("run").get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(1);
            MimeMessage m = received[0];
            assertThat(m.getFrom()[0].toString()).isEqualTo("orders@shop.example");
            assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("ada@example.org");
            assertThat(m.getSubject()).isEqualTo("Your order A-17");
            assertThat(GreenMailUtil.getBody(m).strip()).isEqualTo("Thanks! Order A-17 is on its way.");

            JsonNode output = run.get("steps").get(0).get("output");
            assertThat(output.get("provider").asString()).isEqualTo("smtp");
            assertThat(output.get("id").asString()).isEqualTo(m.getMessageID());
            assertThat(output.get("accepted").get(0).asString()).isEqualTo("ada@example.org");
            assertThat(output.get("reply").asString()).startsWith("250");

            String audit = jdbc.sql("select details::text from audit_event where org_id = ? and action = 'egress.request.allowed' "
                    + "and details->>'purpose' = 'pilots.email.smtp'").param(t.org().value()).query(String.class).single();
            assertThat(audit).contains("\"scheme\": \"smtp\"").contains("\"recipients\": \"1\"")
                    .doesNotContain("on its way").doesNotContain("Your order").doesNotContain("ada@example.org");

            String listed = t.api().get("/api/v1/connections").body();
            canary.assertNowhere(password);
            assertThat(listed).doesNotContain(password);
            assertThat(run.toString()).doesNotContain(password);
        }
    }

    @Test
    @Tag("claim:VLT-2")
    void aWrongPasswordIsAClearFailureThatShowsNoPassword() {
        Tenant t = Tenant.signUp(port);
        String wrong = "wrong-" + UUID.randomUUID();
        var refused = t.api().postJson("/api/v1/connections",
                smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "PLAIN", wrong, true));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("refused the user name or password").contains("535")
                .contains("Nothing was saved").doesNotContain(wrong);
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();

        var saved = t.api().postJson("/api/v1/connections",
                smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "PLAIN", wrong, false));
        assertThat(saved.status()).isEqualTo(201);
        var run = deliver(t, create(t.api(), mailPilot("mail", "hello")), Map.of("id", "1", "email", "b@example.org"));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("refused the user name or password")
                .contains("535").doesNotContain(wrong);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    @Tag("claim:EGR-2")
    void starttlsRequiredButNotOfferedIsRefusedBeforeThePasswordIsSent() {
        Tenant t = Tenant.signUp(port);
        var refused = t.api().postJson("/api/v1/connections",
                smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "STARTTLS", password, true));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("does not offer STARTTLS").doesNotContain(password);

        t.api().postJson("/api/v1/connections",
                smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "STARTTLS", password, false));
        var run = deliver(t, create(t.api(), mailPilot("mail", "hello")), Map.of("id", "1", "email", "b@example.org"));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("does not offer STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    @Tag("claim:VLT-2")
    void tlsVerifiesTheServersCertificateBeforeLoggingIn() {
        Tenant t = Tenant.signUp(port);
        // GreenMail's SMTPS certificate is self-signed and does not name 127.0.0.1: the login must not happen
        var refused = t.api().postJson("/api/v1/connections",
                smtpConnection("tls", "127.0.0.1", greenMail.getSmtps().getPort(), "TLS", password, true));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("could not be reached").contains("TLS with smtps://127.0.0.1")
                .contains("Nothing was saved").doesNotContain(password);
    }

    @Test
    @Tag("claim:EGR-2")
    void privateAddressesAndOtherPortsAreRefusedBeforeConnecting() {
        Tenant t = Tenant.signUp(port);
        t.api().postJson("/api/v1/connections", smtpConnection("inside", "10.1.2.3", 587, "STARTTLS", password, false));
        var run = deliver(t, create(t.api(), mailPilot("inside", "hello")), Map.of("id", "1", "email", "b@example.org"));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("egress gateway refused")
                .contains("10.1.2.3").contains("private address");

        // loopback is allowed in tests, but only on SMTP ports and the one the operator added
        t.api().postJson("/api/v1/connections", smtpConnection("odd", "127.0.0.1", 2526, "STARTTLS", password, false));
        var odd = deliver(t, create(t.api(), mailPilot("odd", "hello")), Map.of("id", "1", "email", "b@example.org"));
        assertThat(odd.get("steps").get(0).get("error").asString()).contains("egress gateway refused").contains("port 2526");

        // without TLS only to a range the operator allowed; the connection form refuses it for other hosts
        var plain = t.api().postJson("/api/v1/connections",
                smtpConnection("plain", "smtp.example.com", 587, "PLAIN", password, false));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).contains("security");
        String denied = jdbc.sql("select string_agg(details::text, ' ') from audit_event where org_id = ? "
                + "and action = 'egress.request.denied'").param(t.org().value()).query(String.class).single();
        assertThat(denied).contains("10.1.2.3").contains("\"method\": \"SMTP\"");
    }

    @Test
    @Tag("claim:EGR-4")
    @Tag("claim:EGR-5")
    void dlpBlocksAMailCarryingAStoredCredential() {
        Tenant t = Tenant.signUp(port);
        String token = "tok-" + UUID.randomUUID();
        var api = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "sink",
                "baseUrl", "http://127.0.0.1:9/api", "authScheme", "BEARER", "secret", token, "verify", false));
        assertThat(api.status()).isEqualTo(201);
        t.api().postJson("/api/v1/connections",
                smtpConnection("mail", "127.0.0.1", greenMail.getSmtp().getPort(), "PLAIN", password, false));

        var run = deliver(t, create(t.api(), mailPilot("mail", "the key is {{ trigger.key }}")),
                Map.of("id", "1", "email", "b@example.org", "key", token));
        assertThat(run.get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("egress gateway refused")
                .contains("stored credential").doesNotContain(token);
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        String denied = jdbc.sql("select details::text from audit_event where org_id = ? and action = 'egress.request.denied'")
                .param(t.org().value()).query(String.class).single();
        assertThat(denied).contains("pilots.email.smtp").contains("credential")
                .doesNotContain(token).doesNotContain("the key is");
    }
}

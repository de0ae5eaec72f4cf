package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.MailAddress;
import dev.charter.egress.MailRequest;
import dev.charter.egress.SmtpSecurity;
import dev.charter.egress.SmtpServer;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Replies carry In-Reply-To and References only as message-id tokens; addresses are parsed for modules by egress. */
class MailThreadingTest {

    static final OrgId ORG = new OrgId(UUID.randomUUID());
    static final SecretRef LOGIN = new SecretRef(ORG, UUID.randomUUID(), "connectors.smtp");

    private static MailRequest reply(MailRequest.Thread thread) {
        return new MailRequest("test.smtp", ORG, null, new SmtpServer("smtp.example.com", 587, SmtpSecurity.STARTTLS), LOGIN,
                "support@shop.example", List.of("ada@customer.example"), "Re: Kettle", "Thirty days.", "", thread);
    }

    @Test
    void aReplyNamesWhatItAnswersByMessageIdTokensOnly() {
        assertThat(DefaultMailGateway.shapeRefusal(reply(null))).isNull();
        assertThat(DefaultMailGateway.shapeRefusal(reply(new MailRequest.Thread("<a.1@customer.example>",
                List.of("<a.0@customer.example>", "<a.1@customer.example>"))))).isNull();
        assertThat(DefaultMailGateway.shapeRefusal(reply(new MailRequest.Thread("<a@x>\r\nBcc: victim@example.com",
                List.of())))).contains("message ids");
        assertThat(DefaultMailGateway.shapeRefusal(reply(new MailRequest.Thread("<a@x>", List.of("no brackets")))))
                .contains("message ids");
        assertThat(DefaultMailGateway.shapeRefusal(reply(new MailRequest.Thread("<a b@x>", List.of())))).contains("message ids");
    }

    @Test
    void addressesAreParsedForModules() {
        assertThat(MailAddress.first("\"Ada Lovelace\" <ada@customer.example>, bob@example.com"))
                .contains(new MailAddress("Ada Lovelace", "ada@customer.example"));
        assertThat(MailAddress.first("ada@customer.example")).contains(new MailAddress(null, "ada@customer.example"));
        assertThat(MailAddress.first("undisclosed-recipients:;")).isEmpty();
        assertThat(MailAddress.first(null)).isEmpty();
        assertThat(MailAddress.plain("support@shop.example")).isTrue();
        assertThat(MailAddress.plain("Support <support@shop.example>")).isFalse();
        assertThat(MailAddress.plain("not an address")).isFalse();
    }
}

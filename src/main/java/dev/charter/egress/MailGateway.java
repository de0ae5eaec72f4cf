package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;

/**
 * The only way an email leaves Charter: SMTP through the egress gateway, with the same guarantees as
 * {@link EgressGateway} (a policy per purpose, the address check on the resolved address and a connection to
 * exactly that address, DLP on the subject, addresses and body, rate limits, an audit record of each decision
 * without the message, and the credential decrypted only after every check passed).
 *
 * <p>Both methods throw {@link EgressDeniedException} when Charter refused before connecting,
 * {@link EgressFailedException} when the server could not be reached or TLS failed (worth trying again later), and
 * {@link MailRefusedException} when the server answered with a refusal.
 */
public interface MailGateway {

    /** Sends one message. */
    MailReceipt send(MailRequest request);

    /** Connects, says EHLO, starts TLS as the server requires and logs in; sends no mail. */
    void verify(String purpose, OrgId org, UserId actor, SmtpServer server, SecretRef credential);
}

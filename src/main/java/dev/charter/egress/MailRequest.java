package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import java.util.List;
import java.util.Objects;

/**
 * One email to send through an SMTP server, as a module asks the {@link MailGateway} to send it.
 *
 * @param purpose    what it is for, dotted ({@code pilots.email.smtp}); it selects the {@link EgressPolicy}
 * @param org        the organization on whose behalf it goes out
 * @param actor      the person who caused it, or null for the system
 * @param server     the connection's SMTP server
 * @param credential the connection's credential in the vault, stored as {@code user:password}; the gateway
 *                   decrypts it only after every check passed and never hands it back
 * @param from       the sender, {@code addr@example.com} or {@code Name <addr@example.com>}
 * @param to         the recipients, plain addresses
 * @param subject    the subject, one line
 * @param text       the plain-text body, or empty
 * @param html       the HTML body, or empty; with both, the mail is multipart/alternative
 * @param thread     the message this one answers, for the recipient's mail program to thread them, or null
 */
public record MailRequest(String purpose, OrgId org, UserId actor, SmtpServer server, SecretRef credential,
                          String from, List<String> to, String subject, String text, String html, Thread thread) {

    /**
     * Where a reply belongs: the {@code In-Reply-To} and {@code References} headers (RFC 5322 §3.6.4), message ids in
     * angle brackets.
     */
    public record Thread(String inReplyTo, List<String> references) {
        public Thread {
            Objects.requireNonNull(inReplyTo, "inReplyTo");
            references = List.copyOf(references);
        }
    }

    /** A message that answers none. */
    public MailRequest(String purpose, OrgId org, UserId actor, SmtpServer server, SecretRef credential,
                       String from, List<String> to, String subject, String text, String html) {
        this(purpose, org, actor, server, credential, from, to, subject, text, html, null);
    }

    public MailRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        subject = subject == null ? "" : subject;
        text = text == null ? "" : text;
        html = html == null ? "" : html;
    }

    /** Never the addresses, subject or body. */
    @Override
    public String toString() {
        return "MailRequest[" + purpose + " " + server + ", recipients=" + to.size() + ", text=" + text.length()
                + " chars, html=" + html.length() + " chars]";
    }
}

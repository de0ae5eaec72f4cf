package dev.charter.egress;

import java.util.List;

/**
 * What the SMTP server said when it took a message.
 *
 * @param messageId the Message-ID header the gateway gave the message
 * @param accepted  the recipients the server accepted
 * @param reply     the server's last reply, for example {@code 250 2.0.0 Ok: queued as 4F2A1}
 */
public record MailReceipt(String messageId, List<String> accepted, String reply) {

    public MailReceipt {
        accepted = List.copyOf(accepted);
    }
}

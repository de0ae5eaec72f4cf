package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import java.util.Objects;

/**
 * Which mailbox a module reads through the {@link MailboxGateway}, and why.
 *
 * @param purpose    what it is for, dotted ({@code crews.email.imap}); it selects the {@link EgressPolicy}
 * @param org        the organization on whose behalf it is read
 * @param actor      the person who caused it, or null for the system
 * @param server     the connection's IMAP server
 * @param credential the connection's credential in the vault, stored as {@code user:password}; the gateway
 *                   decrypts it only after every check passed and never hands it back
 * @param folder     the folder to read, {@code INBOX} when blank
 */
public record MailboxRequest(String purpose, OrgId org, UserId actor, ImapServer server, SecretRef credential, String folder) {

    public MailboxRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(credential, "credential");
        folder = folder == null || folder.isBlank() ? "INBOX" : folder.strip();
        if (folder.length() > 200 || folder.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the folder name is too long or contains a control character");
        }
    }

    @Override
    public String toString() {
        return "MailboxRequest[" + purpose + " " + server + " " + folder + "]";
    }
}

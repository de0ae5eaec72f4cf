package dev.charter.egress;

import java.util.List;

/**
 * The only way Charter reads a mailbox: IMAP through the egress gateway, with the same guarantees as
 * {@link MailGateway} (a policy per purpose, the address check on the resolved address and a connection to exactly
 * that address, TLS verified against the connection's host name, rate limits, an audit record of each session
 * without any message content, and the credential decrypted only after every check passed, inside egress).
 * Messages are named by UID within the folder's UIDVALIDITY ({@link MailboxListing}).
 *
 * <p>Every method throws {@link EgressDeniedException} when Charter refused before connecting (or, for a message
 * over the purpose's size limit, before fetching it), {@link EgressFailedException} when the server could not be
 * reached, TLS failed or the exchange broke, and {@link MailRefusedException} when the server refused the login or
 * the folder.
 */
public interface MailboxGateway {

    /** The messages with a UID above {@code afterUid} (all of them when {@code uidValidity} is not the folder's). */
    MailboxListing newMessages(MailboxRequest request, long uidValidity, long afterUid, int max);

    /**
     * One message whole: headers, first text and HTML parts, attachments' names and sizes. A message larger than the
     * purpose's request size limit is refused before its content is fetched. Does not mark it seen.
     */
    MailboxMessage fetch(MailboxRequest request, long uidValidity, long uid);

    /**
     * Only the named header fields of one message, by {@code BODY.PEEK[HEADER.FIELDS (...)]}: no body part is ever
     * requested, and the message is not marked seen. Fields the message does not have are absent from the result.
     */
    List<Header> headerFields(MailboxRequest request, long uidValidity, long uid, List<String> fields);

    /** Sets the \Seen flag of one message. */
    void markSeen(MailboxRequest request, long uidValidity, long uid);

    /** Connects, starts TLS as the connection requires, logs in and opens the folder; reads nothing. */
    void verify(MailboxRequest request);
}

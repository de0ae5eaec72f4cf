package dev.charter.egress;

import java.util.List;

/**
 * One message read whole from a mailbox: its header fields in order, its first text/plain and first text/html part,
 * and the names and sizes of its attachments (their content is not fetched).
 *
 * @param uid         the message's UID
 * @param uidValidity the folder's UIDVALIDITY the UID belongs to
 * @param size        the message's size in bytes as the server counts it
 * @param headers     every header field, in order, values unfolded and decoded
 * @param text        the first text/plain part, or empty
 * @param html        the first text/html part, or empty
 * @param attachments the attachments, without their content
 */
public record MailboxMessage(long uid, long uidValidity, long size, List<Header> headers, String text, String html,
                             List<Attachment> attachments) {

    public MailboxMessage {
        headers = List.copyOf(headers);
        attachments = List.copyOf(attachments);
    }

    /** An attachment: its file name (or empty), its content type, and its size in bytes as the server reports it. */
    public record Attachment(String name, String contentType, long size) {}

    /** The first value of the header field {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }

    /** Never the headers or bodies. */
    @Override
    public String toString() {
        return "MailboxMessage[uid=" + uid + ", " + size + " bytes, " + attachments.size() + " attachments]";
    }
}

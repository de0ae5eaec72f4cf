package dev.charter.egress;

import java.util.List;

/**
 * The messages of a folder newer than a cursor. IMAP names a message by its UID, which is only meaningful with the
 * folder's UIDVALIDITY: when the server's UIDVALIDITY differs from the cursor's, every UID may have changed, the
 * listing starts from the first message again and {@code reset} is true.
 *
 * @param uidValidity the folder's UIDVALIDITY now; keep it with the last UID as the next cursor
 * @param reset       the cursor's UIDVALIDITY was not the folder's, so the listing ignored its UID
 * @param messages    the new messages, oldest first, at most as many as asked for
 * @param more        more new messages wait after the last one listed
 */
public record MailboxListing(long uidValidity, boolean reset, List<Entry> messages, boolean more) {

    public MailboxListing {
        messages = List.copyOf(messages);
    }

    /** One message: its UID, its size in bytes as the server counts it, and whether it was seen. */
    public record Entry(long uid, long size, boolean seen) {}

    /** The UID to pass as {@code afterUid} next time (the last listed, or {@code afterUid} when none). */
    public long lastUid(long afterUid) {
        return messages.isEmpty() ? (reset ? 0 : afterUid) : messages.get(messages.size() - 1).uid();
    }
}

package dev.charter.reviews.cycles.internal;

import dev.charter.reviews.SignalSource;
import java.util.UUID;

/**
 * One identity seen in the organization's signals, with the member it is linked to (confirmed by an admin) or the
 * member whose email it matches (proposed, not yet counted for anyone).
 *
 * @param signals  how many signals name this identity
 * @param linkedTo the member it is confirmed for, or null
 * @param proposed the member whose email equals it (an email identity not yet linked), or null
 */
public record IdentityView(SignalSource source, String identity, long signals, UUID linkedTo, String linkedName,
                           UUID proposed, String proposedName) {

    public boolean unmatched() {
        return linkedTo == null && proposed == null;
    }
}

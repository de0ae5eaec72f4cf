package dev.charter.privacy;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;

/**
 * First-party usage counts (DSR-4): how often a feature is used per organization and day. The
 * person is used only to ask the {@link ProcessingGate}; no user id is stored.
 */
public interface UsageEvents {

    /** Counts one use of {@code feature} (a dotted name such as {@code privacy.export}) unless the person opted out. */
    void featureUsed(OrgId org, UserId person, String feature);
}

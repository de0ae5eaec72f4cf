package dev.charter.privacy;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Explicit consent attestations of an organization's admins to opt-in processing (for example
 * customer-call analysis). A product checks {@link #isActive} before each use.
 */
public interface Consents {

    /**
     * One attestation.
     *
     * @param textSha256 hex SHA-256 of the UTF-8 text the admin agreed to
     */
    record Attestation(UUID id, String processing, String text, String textSha256, UUID attestedBy,
                       Instant attestedAt, UUID withdrawnBy, Instant withdrawnAt) {
        public boolean active() {
            return withdrawnAt == null;
        }
    }

    /** Records that the calling admin agreed to {@code text} for {@code processing}. */
    Attestation attest(CurrentUser admin, String processing, String text);

    /** Withdraws the active consent for {@code processing}; processing stops at once. */
    void withdraw(CurrentUser admin, String processing);

    boolean isActive(OrgId org, String processing);

    /** Every attestation of the organization, newest first. */
    List<Attestation> history(OrgId org);
}

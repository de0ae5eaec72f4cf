package dev.charter.perfcases;

import java.time.Instant;
import java.util.UUID;

/**
 * Access beyond a grant, proposed on a case (PRF-10): it applies only while {@code status} is APPROVED.
 *
 * @param status     PROPOSED, APPROVED, DENIED or WITHDRAWN
 * @param proposedBy the person who proposed it, or null when Charter proposed it
 */
public record AccessProposal(UUID id, UUID caseId, UUID connectionId, AccessScope scope, String subject,
                             String justification, String status, UUID proposedBy, Instant proposedAt, UUID decidedBy,
                             Instant decidedAt, UUID withdrawnBy, Instant withdrawnAt) {

    public boolean pending() {
        return "PROPOSED".equals(status);
    }

    public boolean approved() {
        return "APPROVED".equals(status);
    }
}

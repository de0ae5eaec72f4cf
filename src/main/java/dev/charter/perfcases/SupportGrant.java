package dev.charter.perfcases;

import java.time.Instant;
import java.util.UUID;

/**
 * A support grant (PRF-12): one named server operator may read one case of the organization until {@code expiresAt},
 * unless it was revoked first.
 *
 * @param active whether it lets the operator read the case now
 */
public record SupportGrant(UUID id, UUID caseId, UUID operatorId, String operatorEmail, String reason, Instant grantedAt,
                           Instant expiresAt, Instant revokedAt, boolean active) {}

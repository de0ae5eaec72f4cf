package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Support access (PRF-12). A server operator sees an organization's case only through a support grant the
 * organization's admin gave: for one case, for at most {@link #MAX_DURATION}, revocable at once. Every read under a
 * grant is recorded in the organization's audit log naming the operator and the grant, in the transaction that reads.
 * Without an active grant the operator's answer is the same as for a case that does not exist.
 */
public interface SupportAccess {

    Duration MAX_DURATION = Duration.ofHours(24);
    Duration MIN_DURATION = Duration.ofMinutes(5);
    Duration DEFAULT_DURATION = Duration.ofHours(4);

    /** A case the operator may read now, and the grant that allows it. */
    record GrantedCase(UUID caseId, UUID grantId, String title, String service, Metric metric, Instant expiresAt) {}

    /** Gives an operator (named by email) read access to one case (admins); {@code duration} null means the default. */
    SupportGrant grant(CurrentUser admin, UUID caseId, String operatorEmail, Duration duration, String reason);

    /** Ends a grant at once (admins). */
    SupportGrant revoke(CurrentUser admin, UUID caseId, UUID grantId);

    /** The case's grants, newest first, active or not (admins). */
    List<SupportGrant> grants(CurrentUser admin, UUID caseId);

    /** For an operator: the cases their active grants let them read, across organizations; each listing audited. */
    List<GrantedCase> grantedCases(CurrentUser operator);

    /** For an operator: the case under an active grant, audited; otherwise {@link dev.charter.shared.NotFoundException}. */
    PerfCase read(CurrentUser operator, UUID caseId);
}

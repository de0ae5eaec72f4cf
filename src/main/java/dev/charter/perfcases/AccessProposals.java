package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access beyond a connection's grant, per case (PRF-10): proposed with a justification (by Charter or a person),
 * applied only once an admin of the organization approved it, and stopped when it is withdrawn. Every step is in the
 * audit log.
 */
public interface AccessProposals {

    /** The case's proposals, oldest first. */
    List<AccessProposal> list(OrgId org, UUID caseId);

    /** Proposes access for the case on one of the organization's connections; refused when the same is live. */
    AccessProposal propose(CurrentUser me, UUID caseId, UUID connectionId, AccessScope scope, String subject,
                           String justification);

    /** Admins only: the access applies from now on. */
    AccessProposal approve(CurrentUser me, UUID proposalId);

    /** Admins only: the access is refused. */
    AccessProposal deny(CurrentUser me, UUID proposalId);

    /**
     * Stops an approved access (admins) or takes back a pending proposal (admins or its proposer); what was read
     * through it for the case is deleted in the same transaction.
     */
    AccessProposal withdraw(CurrentUser me, UUID proposalId);

    /** The subjects approved now for the case on the connection, read just before each query. */
    Set<String> approved(OrgId org, UUID caseId, UUID connectionId, AccessScope scope);
}

package dev.charter.identity;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What identity holds about a person or an organization, for exports (DSR-1), and the deletion of
 * a whole organization (DSR-5). Answers never contain a password hash, token hash or token.
 */
public interface IdentityRecords {

    /** The person's account, membership, sessions, API tokens and the invitations they created. */
    Map<String, Object> personalData(OrgId org, UserId person);

    /** The organization, its members and its open invitations. */
    Map<String, Object> organizationData(OrgId org);

    /**
     * Deletes the organization and every member's account at once, inside the caller's
     * transaction: publishes {@link AccountDeleted} for each member and {@link OrganizationDeleted},
     * then removes the rows (foreign keys cascade). Only the owner may.
     *
     * @return how many accounts were deleted
     */
    int deleteOrganization(CurrentUser owner);

    /**
     * The same, for the server's operator (the admin command line, which runs with the database and the keys and
     * no signed-in person): the audit record names no actor and says {@code by=operator}. Throws
     * {@link dev.charter.shared.NotFoundException} when there is no such organization.
     */
    int deleteOrganizationAsOperator(OrgId org);

    /**
     * After a restore, before Charter serves anything: deletes at once, as their erasure did (foreign keys
     * cascade), every organization and account that {@code organizationErased} or {@code accountErased}
     * picks. The predicates see each id once; the caller holds the erasure journal. Publishes no events:
     * the erasure was announced when it happened.
     */
    ReplayedErasures replayErasures(Predicate<OrgId> organizationErased, Predicate<UserId> accountErased);

    /** What {@link #replayErasures} deleted again. */
    record ReplayedErasures(int organizations, int accounts) {}
}

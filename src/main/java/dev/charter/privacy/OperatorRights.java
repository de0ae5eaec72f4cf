package dev.charter.privacy;

import dev.charter.shared.OrgId;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The rights of data subjects as the server's operator exercises them for a whole organization, from the admin
 * command line (docs/operations.md): on a written request that reaches the operator rather than the organization's
 * owner, or for an organization whose owner can no longer sign in. Everything here is recorded in the audit log
 * with {@code by=operator}.
 */
public interface OperatorRights {

    /** Enough about an organization to confirm it is the right one: its name and how many members it has. */
    record OrganizationSummary(OrgId id, String name, int members) {}

    /** The organization, or empty when this server has no such organization. */
    Optional<OrganizationSummary> describe(OrgId org);

    /**
     * Erases the organization and every member's account at once (DSR-5), exactly as its owner's erasure does, and
     * returns the signed erasure receipt. {@code confirmation} must be the organization's name
     * ({@link dev.charter.shared.InvalidInputException} otherwise); nothing is deleted when it is not.
     */
    JsonNode eraseOrganization(OrgId org, String confirmation);

    /**
     * Writes the whole organization's data export ({@code charter.export/v1}, docs/data-export-schema.md: every
     * section's organization data and every member's personal data) to {@code out}, reporting each section to
     * {@code progress}. Returns the number of members exported.
     */
    int exportOrganization(OrgId org, OutputStream out, Consumer<String> progress);
}

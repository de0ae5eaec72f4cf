package dev.charter.identity;

import dev.charter.shared.OrgId;

/** An organization is being deleted, inside the deleting transaction (see {@link AccountDeleted}). */
public record OrganizationDeleted(OrgId org) {}

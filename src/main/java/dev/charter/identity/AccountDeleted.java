package dev.charter.identity;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;

/**
 * A user's account is being deleted, inside the deleting transaction: listeners remove what is
 * theirs in the same transaction (synchronous {@code @EventListener}), so nothing outlives it.
 */
public record AccountDeleted(UserId user, OrgId org) {}

package dev.charter.identity;

import dev.charter.shared.ForbiddenException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.UUID;

/**
 * The authenticated caller, as controllers receive it with {@code @AuthenticationPrincipal}.
 *
 * @param sessionId the session behind a browser request, or null for an API token
 * @param tokenId   the API token behind a script's request, or null for a browser session
 */
public record CurrentUser(UserId userId, OrgId orgId, Role role, String email, String displayName,
                          UUID sessionId, UUID tokenId) {

    public String name() {
        return displayName == null || displayName.isBlank() ? email : displayName;
    }

    public boolean isAdmin() {
        return role.atLeast(Role.ADMIN);
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ForbiddenException("Only an owner or admin of the organization can do this.");
        }
    }

    public void requireOwner() {
        if (role != Role.OWNER) {
            throw new ForbiddenException("Only the owner of the organization can do this.");
        }
    }
}

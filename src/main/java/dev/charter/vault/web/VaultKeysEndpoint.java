package dev.charter.vault.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.Role;
import dev.charter.shared.ConflictException;
import dev.charter.vault.internal.KeyRotation;
import java.security.Principal;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The operator's view of master key rotation, as an actuator endpoint ({@code /actuator/vaultkeys}). Not
 * exposed unless the operator adds {@code vaultkeys} to {@code MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE}.
 * Reading progress needs a signed-in owner or admin; starting a rotation needs an owner. Shows key versions and
 * counts, never key material.
 */
@Component
@Endpoint(id = "vaultkeys")
class VaultKeysEndpoint {

    private final KeyRotation rotation;

    VaultKeysEndpoint(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @ReadOperation
    WebEndpointResponse<Object> progress(SecurityContext security) {
        if (!hasRole(security, Role.ADMIN)) {
            return refused("Only an owner or admin can see key rotation progress.");
        }
        return new WebEndpointResponse<>(rotation.progress());
    }

    @WriteOperation
    WebEndpointResponse<Object> rotate(SecurityContext security) {
        if (!hasRole(security, Role.OWNER)) {
            return refused("Only an owner can rotate the vault master key.");
        }
        try {
            return new WebEndpointResponse<>(rotation.rotate(), 202);
        } catch (ConflictException e) {
            return new WebEndpointResponse<>(Map.of("title", "Conflict", "status", 409, "detail", e.getMessage()), 409);
        }
    }

    private static boolean hasRole(SecurityContext security, Role role) {
        Principal p = security.getPrincipal();
        return p instanceof Authentication auth && auth.getPrincipal() instanceof CurrentUser me && me.role().atLeast(role);
    }

    private static WebEndpointResponse<Object> refused(String detail) {
        return new WebEndpointResponse<>(Map.of("title", "Forbidden", "status", 403, "detail", detail), 403);
    }
}

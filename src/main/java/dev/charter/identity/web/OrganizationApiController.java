package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.Role;
import dev.charter.identity.internal.Organizations;
import dev.charter.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organization: name, members, roles and invitations. */
@RestController
@RequestMapping("/api/v1/organization")
@Tag(name = "Organization")
class OrganizationApiController {

    record OrganizationView(UUID id, String name, Role yourRole) {}

    record Rename(String name) {}

    record RoleChange(Role role) {}

    record NewInvitation(Role role, String email) {}

    record CreatedInvitation(Organizations.Invitation invitation, String token, String path) {}

    private final Organizations organizations;

    OrganizationApiController(Organizations organizations) {
        this.organizations = organizations;
    }

    @GetMapping
    @Operation(summary = "The caller's organization")
    OrganizationView get(@AuthenticationPrincipal CurrentUser me) {
        return new OrganizationView(me.orgId().value(), organizations.name(me.orgId()), me.role());
    }

    @PatchMapping
    @Operation(summary = "Rename the organization (admin)")
    OrganizationView rename(@AuthenticationPrincipal CurrentUser me, @RequestBody Rename body) {
        organizations.rename(me, body.name());
        return get(me);
    }

    @GetMapping("/members")
    @Operation(summary = "Members and their roles")
    List<Organizations.Member> members(@AuthenticationPrincipal CurrentUser me) {
        return organizations.members(me);
    }

    @PutMapping("/members/{userId}/role")
    @Operation(summary = "Change a member's role; OWNER hands ownership over")
    List<Organizations.Member> role(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID userId,
                                    @RequestBody RoleChange body) {
        organizations.setRole(me, new UserId(userId), body.role());
        return organizations.members(me);
    }

    @DeleteMapping("/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (their account is deleted)")
    void remove(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID userId) {
        organizations.removeMember(me, new UserId(userId));
    }

    @GetMapping("/invitations")
    @Operation(summary = "Open invitations (admin)")
    List<Organizations.Invitation> invitations(@AuthenticationPrincipal CurrentUser me) {
        return organizations.invitations(me);
    }

    @PostMapping("/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a one-time invitation link (admin); the token is in this answer only")
    CreatedInvitation invite(@AuthenticationPrincipal CurrentUser me, @RequestBody NewInvitation body) {
        var created = organizations.invite(me, body.role() == null ? Role.MEMBER : body.role(), body.email());
        return new CreatedInvitation(created.invitation(), created.token(), "/invite/" + created.token());
    }

    @DeleteMapping("/invitations/{invitationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an invitation (admin)")
    void revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID invitationId) {
        organizations.revokeInvitation(me, invitationId);
    }
}

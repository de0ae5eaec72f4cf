package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.Role;
import dev.charter.identity.internal.Organizations;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The organization page: name, members and roles, invitations. */
@Controller
class OrganizationPageController {

    private final Organizations organizations;

    private final ShownOnce shownOnce;

    OrganizationPageController(Organizations organizations, ShownOnce shownOnce) {
        this.organizations = organizations;
        this.shownOnce = shownOnce;
    }

    @GetMapping("/organization")
    String page(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String invited, Model model) {
        if (invited != null) {
            shownOnce.take(me, invited).ifPresentOrElse(v -> model.addAttribute("inviteLink", v.get("link")),
                    () -> model.addAttribute("inviteLinkGone", true));
        }
        return page(me, model);
    }

    private String page(CurrentUser me, Model model) {
        model.addAttribute("organizationName", organizations.name(me.orgId()));
        model.addAttribute("members", organizations.members(me));
        model.addAttribute("invitations", me.isAdmin() ? organizations.invitations(me) : java.util.List.of());
        model.addAttribute("roles", Role.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "identity/organization";
    }

    @PostMapping("/organization/name")
    String rename(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String name, Model model,
                  HttpServletResponse response) {
        try {
            organizations.rename(me, name);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            return page(me, model);
        }
        return "redirect:/organization?notice=organization-renamed";
    }

    @PostMapping("/organization/invitations")
    String invite(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "MEMBER") Role role,
                  @RequestParam(defaultValue = "") String email, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        try {
            var created = organizations.invite(me, role, email);
            String base = request.getScheme() + "://" + request.getServerName()
                    + (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort());
            // redirect after POST: the link is a secret, never stored; it waits once, for this session only
            return "redirect:/organization?invited=" + shownOnce.keep(me, Map.of("link", base + "/invite/" + created.token()))
                    + "#invitations";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            return page(me, model);
        }
    }

    @PostMapping("/organization/invitations/{invitationId}/revoke")
    String revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID invitationId) {
        organizations.revokeInvitation(me, invitationId);
        return "redirect:/organization?notice=invitation-revoked#invitations";
    }

    @PostMapping("/organization/members/{userId}/role")
    String role(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID userId, @RequestParam Role role) {
        organizations.setRole(me, new UserId(userId), role);
        return "redirect:/organization?notice=" + (role == Role.OWNER ? "ownership-handed-over" : "role-changed");
    }

    @PostMapping("/organization/members/{userId}/remove")
    String remove(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID userId) {
        organizations.removeMember(me, new UserId(userId));
        return "redirect:/organization?notice=member-removed";
    }
}

package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.internal.Accounts;
import dev.charter.identity.internal.ApiTokens;
import dev.charter.identity.internal.AuthLimits;
import dev.charter.identity.internal.SessionCookie;
import dev.charter.shared.InvalidInputException;
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

/** The account page: profile, password, API tokens, deleting the account (ACC-5). */
@Controller
class AccountPageController {

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final SessionStarter starter;
    private final SessionCookie cookie;
    private final AuthLimits limits;
    private final ShownOnce shownOnce;

    AccountPageController(SessionStarter starter, Accounts accounts, ApiTokens tokens, SessionCookie cookie, AuthLimits limits,
                          ShownOnce shownOnce) {
        this.shownOnce = shownOnce;
        this.accounts = accounts;
        this.tokens = tokens;
        this.starter = starter;
        this.cookie = cookie;
        this.limits = limits;
    }

    @GetMapping("/account")
    String page(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String created, Model model) {
        if (created != null) {
            shownOnce.take(me, created).ifPresentOrElse(v -> {
                model.addAttribute("newToken", v.get("secret"));
                model.addAttribute("newTokenName", v.get("name"));
            }, () -> model.addAttribute("newTokenGone", true));
        }
        return page(me, model);
    }

    private String page(CurrentUser me, Model model) {
        var account = accounts.account(me.userId());
        model.addAttribute("account", account);
        if (!model.containsAttribute("profile")) {
            model.addAttribute("profile", new Accounts.Profile(account.email(), account.displayName(), account.phone(),
                    account.company()));
        }
        model.addAttribute("tokens", tokens.list(me));
        model.addAttribute("errors", model.containsAttribute("errors") ? model.getAttribute("errors") : Map.of());
        return "identity/account";
    }

    @PostMapping("/account/profile")
    String profile(@AuthenticationPrincipal CurrentUser me, Accounts.Profile form, Model model,
                   HttpServletResponse response) {
        try {
            accounts.updateProfile(me, form);
            return "redirect:/account?notice=profile-saved";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("profile", form);
            model.addAttribute("errors", e.fieldErrors());
            return page(me, model);
        }
    }

    @PostMapping("/account/password")
    String password(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String currentPassword,
                    @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String confirmPassword,
                    Model model, HttpServletRequest request, HttpServletResponse response) {
        limits.passwordChange(me);
        try {
            accounts.changePassword(me, currentPassword, newPassword, confirmPassword);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("passwordOpen", true);
            return page(me, model);
        }
        starter.start(request, response, me.orgId(), me.userId());
        return "redirect:/account?notice=password-changed";
    }

    @PostMapping("/account/tokens")
    String createToken(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String name, Model model,
                       HttpServletResponse response) {
        try {
            var created = tokens.create(me, name);
            // redirect after POST: the secret waits, once and for this session only, for the page it redirects to;
            // the URL holds only a random id that is useless to anyone else
            return "redirect:/account?created=" + shownOnce.keep(me, Map.of("secret", created.secret(),
                    "name", created.token().name())) + "#tokens";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", Map.of("tokenName", e.fieldErrors().get("name")));
            return page(me, model);
        }
    }

    @PostMapping("/account/tokens/{tokenId}/revoke")
    String revokeToken(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID tokenId) {
        tokens.revoke(me, tokenId);
        return "redirect:/account?notice=token-revoked#tokens";
    }

    @PostMapping("/account/delete")
    String delete(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String confirmation, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        try {
            accounts.deleteAccount(me, confirmation);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("deleteOpen", true);
            return page(me, model);
        }
        cookie.clear(request, response);
        return "redirect:/signin?deleted";
    }
}

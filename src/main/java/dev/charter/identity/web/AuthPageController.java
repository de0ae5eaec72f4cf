package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.internal.Accounts;
import dev.charter.identity.internal.AuthLimits;
import dev.charter.identity.internal.Organizations;
import dev.charter.identity.internal.SessionCookie;
import dev.charter.identity.internal.Sessions;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-up, sign-in, sign-out and accepting an invitation, as pages. */
@Controller
class AuthPageController {

    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionStarter starter;
    private final Organizations organizations;
    private final SessionCookie cookie;
    private final AuthLimits limits;

    AuthPageController(SessionStarter starter, Accounts accounts, Sessions sessions, Organizations organizations, SessionCookie cookie,
                       AuthLimits limits) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.starter = starter;
        this.organizations = organizations;
        this.cookie = cookie;
        this.limits = limits;
    }

    @GetMapping("/signin")
    String signinPage(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String next, Model model) {
        if (me != null) {
            return "redirect:/dashboard";
        }
        model.addAttribute("next", safeNext(next));
        return "identity/signin";
    }

    @PostMapping("/signin")
    String signin(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  @RequestParam(required = false) String next, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        limits.signin(request, email);
        var account = accounts.signIn(email, password);
        if (account.isEmpty()) {
            response.setStatus(401);
            model.addAttribute("email", email);
            model.addAttribute("next", safeNext(next));
            model.addAttribute("error", "The email address or password is not right.");
            return "identity/signin";
        }
        starter.start(request, response, account.get().org(), account.get().id());
        return "redirect:" + safeNext(next);
    }

    @GetMapping("/signup")
    String signupPage(@AuthenticationPrincipal CurrentUser me, Model model) {
        if (me != null) {
            return "redirect:/dashboard";
        }
        model.addAttribute("form", new Accounts.SignUp("", "", "", "", "", ""));
        return "identity/signup";
    }

    @PostMapping("/signup")
    String signup(Accounts.SignUp form, Model model, HttpServletRequest request, HttpServletResponse response) {
        limits.signup(request);
        try {
            var account = accounts.signUp(form);
            starter.start(request, response, account.org(), account.id());
            return "redirect:/dashboard";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("form", new Accounts.SignUp(form.email(), "", form.displayName(), form.organization(),
                    form.phone(), form.company()));
            model.addAttribute("errors", e.fieldErrors());
            return "identity/signup";
        }
    }

    @PostMapping("/signout")
    String signout(@AuthenticationPrincipal CurrentUser me, HttpServletRequest request, HttpServletResponse response) {
        if (me != null) {
            sessions.close(me);
        }
        cookie.clear(request, response);
        return "redirect:/signin?signedOut";
    }

    @GetMapping("/invite/{token}")
    String invitation(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("organization", organizations.invitationTarget(token).orElse(null));
        return "identity/invitation";
    }

    @PostMapping("/invite/{token}")
    String accept(@PathVariable String token, Organizations.Accept form, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        limits.signup(request);
        try {
            var user = organizations.accept(token, form);
            var account = accounts.account(user);
            starter.start(request, response, account.org(), account.id());
            return "redirect:/dashboard";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("token", token);
            model.addAttribute("organization", organizations.invitationTarget(token).orElse(null));
            model.addAttribute("email", form.email());
            model.addAttribute("displayName", form.displayName());
            model.addAttribute("errors", e.fieldErrors());
            return "identity/invitation";
        }
    }

    /** Only local paths, so a crafted link cannot send a person elsewhere after sign-in. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return "/dashboard";
        }
        return next;
    }
}

package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.internal.Accounts;
import dev.charter.identity.internal.AuthLimits;
import dev.charter.identity.internal.Organizations;
import dev.charter.identity.internal.SessionCookie;
import dev.charter.identity.internal.Sessions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, sign-in and sign-out for clients that keep the session cookie; scripts use API tokens. */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication")
class AuthApiController {

    record SignIn(String email, String password) {}

    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionStarter starter;
    private final Organizations organizations;
    private final SessionCookie cookie;
    private final AuthLimits limits;

    AuthApiController(SessionStarter starter, Accounts accounts, Sessions sessions, Organizations organizations, SessionCookie cookie,
                      AuthLimits limits) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.starter = starter;
        this.organizations = organizations;
        this.cookie = cookie;
        this.limits = limits;
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an organization and its owner, and sign in")
    AccountView signup(@RequestBody Accounts.SignUp form, HttpServletRequest request, HttpServletResponse response) {
        limits.signup(request);
        var account = accounts.signUp(form);
        starter.start(request, response, account.org(), account.id());
        return AccountView.of(account);
    }

    @PostMapping("/signin")
    @Operation(summary = "Sign in; sets the session cookie")
    ResponseEntity<?> signin(@RequestBody SignIn form, HttpServletRequest request, HttpServletResponse response) {
        limits.signin(request, form.email());
        var account = accounts.signIn(form.email(), form.password());
        if (account.isEmpty()) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "The email address or password is not right.");
            p.setTitle("Sign-in failed");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(p);
        }
        starter.start(request, response, account.get().org(), account.get().id());
        return ResponseEntity.ok(AccountView.of(account.get()));
    }

    @PostMapping("/signout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End this session server-side and clear the cookie")
    void signout(@AuthenticationPrincipal CurrentUser me, HttpServletRequest request, HttpServletResponse response) {
        if (me != null) {
            sessions.close(me);
        }
        cookie.clear(request, response);
    }

    @PostMapping("/invitations/{token}")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Accept an invitation: create an account in the inviting organization")
    AccountView accept(@PathVariable String token, @RequestBody Organizations.Accept form, HttpServletRequest request,
                       HttpServletResponse response) {
        limits.signup(request);
        var user = organizations.accept(token, form);
        var account = accounts.account(user);
        starter.start(request, response, account.org(), account.id());
        return AccountView.of(account);
    }
}

package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.internal.Accounts;
import dev.charter.identity.internal.ApiTokens;
import dev.charter.identity.internal.AuthLimits;
import dev.charter.identity.internal.SessionCookie;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account: profile, password, API tokens, deletion. */
@RestController
@RequestMapping("/api/v1/account")
@Tag(name = "Account")
class AccountApiController {

    record PasswordChange(String currentPassword, String newPassword, String confirmPassword) {}

    record Deletion(String confirmation) {}

    record DeletionResult(boolean organizationDeleted) {}

    record NewToken(String name) {}

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final SessionStarter starter;
    private final SessionCookie cookie;
    private final AuthLimits limits;

    AccountApiController(SessionStarter starter, Accounts accounts, ApiTokens tokens, SessionCookie cookie, AuthLimits limits) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.starter = starter;
        this.cookie = cookie;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "The signed-in account")
    AccountView get(@AuthenticationPrincipal CurrentUser me) {
        return AccountView.of(accounts.account(me.userId()));
    }

    @PatchMapping
    @Operation(summary = "Correct profile data (email, display name, phone, company)")
    AccountView update(@AuthenticationPrincipal CurrentUser me, @RequestBody Accounts.Profile profile) {
        return AccountView.of(accounts.updateProfile(me, profile));
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change the password; every session of the account ends, a browser caller gets a new one")
    void password(@AuthenticationPrincipal CurrentUser me, @RequestBody PasswordChange change,
                  HttpServletRequest request, HttpServletResponse response) {
        limits.passwordChange(me);
        accounts.changePassword(me, change.currentPassword(), change.newPassword(), change.confirmPassword());
        if (me.sessionId() != null) {
            starter.start(request, response, me.orgId(), me.userId());
        }
    }

    @DeleteMapping
    @Operation(summary = "Delete the account at once; confirm with the account's email address")
    DeletionResult delete(@AuthenticationPrincipal CurrentUser me, @RequestBody Deletion deletion,
                          HttpServletRequest request, HttpServletResponse response) {
        boolean orgDeleted = accounts.deleteAccount(me, deletion.confirmation());
        cookie.clear(request, response);
        return new DeletionResult(orgDeleted);
    }

    @GetMapping("/tokens")
    @Operation(summary = "API tokens of the account (never their secret)")
    List<ApiTokens.Token> tokens(@AuthenticationPrincipal CurrentUser me) {
        return tokens.list(me);
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API token; its secret is in this answer only")
    ApiTokens.Created createToken(@AuthenticationPrincipal CurrentUser me, @RequestBody NewToken body) {
        return tokens.create(me, body.name());
    }

    @DeleteMapping("/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an API token")
    void revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID tokenId) {
        tokens.revoke(me, tokenId);
    }
}

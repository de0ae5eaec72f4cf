package dev.charter.connectors.web;

import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.NewOAuthConnection;
import dev.charter.connectors.OAuthConnections;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Connecting through a provider's authorization page: start (JSON or the page's form, which redirects the browser
 * to the provider) and the callback the provider redirects back to.
 */
@Controller
class OAuthConnectionsController {

    static final String CALLBACK = "/connections/oauth/callback";

    private final OAuthConnections oauth;
    private final ConnectionsPageController page;

    OAuthConnectionsController(OAuthConnections oauth, ConnectionsPageController page) {
        this.oauth = oauth;
        this.page = page;
    }

    @PostMapping("/connections/oauth")
    String startFromPage(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                         HttpServletResponse response) {
        if (!me.isAdmin()) {
            throw new ForbiddenException("Only an owner or admin can connect services.");
        }
        ConnectionKind kind = Arrays.stream(ConnectionKind.values()).filter(k -> k.oauth() && k.name().equals(form.get("kind")))
                .findFirst().orElse(null);
        String secret = form.get("clientSecret");
        try {
            URI to = oauth.start(me, new NewOAuthConnection(kind, form.get("label"), form.get("clientId"),
                    secret == null || secret.isEmpty() ? null : SecretValue.of(secret), form.get("authorizeUrl"),
                    form.get("tokenUrl"), form.get("apiBaseUrl"),
                    form.get("scopes") == null || form.get("scopes").isBlank() ? List.of() : List.of(form.get("scopes"))),
                    redirectUri());
            // not a redirect: the page's Content-Security-Policy (form-action 'self') stops a form submission from
            // being redirected to another origin, so the browser goes on to the provider from a page of its own
            model.addAttribute("authorizationUrl", to.toString());
            model.addAttribute("provider", kind.title());
            return "connectors/oauth-continue";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("clientSecret");
            kept.remove("_csrf");
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("form", kept);
            model.addAttribute("openForm", "OAUTH");
            return page.page(me, model);
        }
    }

    @GetMapping(CALLBACK)
    String callback(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String state,
                    @RequestParam(required = false) String code, @RequestParam(required = false) String error,
                    Model model, HttpServletResponse response) {
        try {
            var c = oauth.complete(me, state, code, error);
            return "redirect:/connections?notice=connection-authorized#connection-" + c.id().value();
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("form", Map.of());
            model.addAttribute("openForm", "OAUTH");
            model.addAttribute("oauthError", String.join(" ", e.fieldErrors().values()));
            return page.page(me, model);
        }
    }

    static String redirectUri() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(CALLBACK).build().toUriString();
    }
}

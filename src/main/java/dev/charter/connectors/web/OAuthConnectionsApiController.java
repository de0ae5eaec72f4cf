package dev.charter.connectors.web;

import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.NewOAuthConnection;
import dev.charter.connectors.OAuthConnections;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Starting an OAuth connection as JSON: the answer names the provider's page to send the admin's browser to. */
@RestController
@Tag(name = "Connections")
class OAuthConnectionsApiController {

    /** @param clientSecret the OAuth app's client secret; stored in the vault and never shown again */
    record StartRequest(ConnectionKind kind, String label, String clientId, SecretValue clientSecret, String authorizeUrl,
                        String tokenUrl, String apiBaseUrl, List<String> scopes) {}

    /**
     * @param authorizationUrl where to send the admin's browser: the provider's page asking for consent
     * @param redirectUri      the callback the provider returns to (register it with the OAuth app)
     */
    record Started(URI authorizationUrl, String redirectUri) {}

    private final OAuthConnections oauth;

    OAuthConnectionsApiController(OAuthConnections oauth) {
        this.oauth = oauth;
    }

    @PostMapping("/api/v1/connections/oauth")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start connecting GitHub, Jira Cloud, Slack or Gmail through the provider's authorization page (admin)")
    Started start(@AuthenticationPrincipal CurrentUser me, @RequestBody StartRequest body) {
        if (body == null) {
            throw new InvalidInputException("kind", "Send the connection as JSON.");
        }
        String redirect = OAuthConnectionsController.redirectUri();
        return new Started(oauth.start(me, new NewOAuthConnection(body.kind(), body.label(), body.clientId(),
                body.clientSecret(), body.authorizeUrl(), body.tokenUrl(), body.apiBaseUrl(), body.scopes()), redirect), redirect);
    }

}

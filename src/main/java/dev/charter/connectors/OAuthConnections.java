package dev.charter.connectors;

import dev.charter.identity.CurrentUser;
import java.net.URI;

/**
 * Connections made through a provider's OAuth authorization page (GitHub, Jira Cloud, Slack, Gmail). The
 * authorization request is built with Spring Security's {@code OAuth2AuthorizationRequest} (a fresh {@code state},
 * PKCE with S256); the code is exchanged inside egress, whose vault credential then holds the tokens. Only the admin
 * who started an authorization can complete it, within ten minutes, once.
 */
public interface OAuthConnections {

    /**
     * Starts an authorization: checks the request, stores the pending grant (client secret, PKCE verifier) in the
     * vault and returns the provider's authorization URL to send the admin's browser to.
     *
     * @param redirectUri this server's callback ({@code …/connections/oauth/callback}), sent to the provider
     */
    URI start(CurrentUser me, NewOAuthConnection request, String redirectUri);

    /**
     * Completes an authorization when the provider redirects back: the state must be one this admin started here
     * and not yet used; then the code is exchanged, the connection saved and the pending authorization removed.
     * A wrong or reused state, a provider's error or a refused code leaves nothing behind
     * ({@link dev.charter.shared.InvalidInputException}).
     */
    Connection complete(CurrentUser me, String state, String code, String error);
}

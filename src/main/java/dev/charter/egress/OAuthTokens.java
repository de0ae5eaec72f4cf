package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;

/**
 * The OAuth 2.0 token endpoint, reached only from inside egress. A connection's grant is one vault credential
 * ({@link OAuthClient#credential()}): the client's id and secret, the token endpoint, the PKCE verifier while the
 * authorization is pending, and afterwards the access and refresh tokens. Egress exchanges the code, refreshes an
 * expired access token at the moment a request needs it ({@link CredentialUse.Placement#OAUTH2}) and writes a
 * rotated refresh token back into the vault atomically; no token ever leaves this module.
 */
public interface OAuthTokens {

    /**
     * Exchanges an authorization code at the grant's token endpoint (with its PKCE verifier and client
     * authentication attached after the policy and DLP checks) and stores the tokens into the same credential.
     *
     * @param purpose     the egress purpose of the token endpoint, whose policy must allow it
     * @param grant       the pending grant stored from {@link OAuthClient#credential()}
     * @param code        the code from the provider's redirect
     * @param redirectUri the redirect URI sent with the authorization request
     * @return what may be shown about the grant
     * @throws EgressFailedException when the provider refuses the code (its error code and description, never a token)
     */
    OAuthGrantInfo exchangeCode(String purpose, OrgId org, UserId actor, SecretRef grant, String code, String redirectUri);
}

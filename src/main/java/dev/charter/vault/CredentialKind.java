package dev.charter.vault;

/**
 * Kinds of credential the vault knows how to fingerprint in more than one form. Any other lower-case
 * word is accepted and fingerprinted as a whole.
 */
public final class CredentialKind {
    /** A token sent as {@code Authorization: Bearer …}. */
    public static final String BEARER = "bearer";
    /** {@code user:password} for HTTP basic authentication; its password is fingerprinted on its own too. */
    public static final String BASIC = "basic";
    /** A key sent in a named header. */
    public static final String HEADER = "header";
    /** A URL whose path is the secret (incoming webhooks); its path and query are fingerprinted on their own too. */
    public static final String WEBHOOK_URL = "webhook-url";

    /**
     * An OAuth 2.0 grant as egress keeps it: one {@code name=value} line each for the client, the token endpoint and
     * the tokens ({@code access_token}, {@code refresh_token}, {@code client_secret}…); each token value is
     * fingerprinted on its own too.
     */
    public static final String OAUTH2 = "oauth2";

    private CredentialKind() {}
}

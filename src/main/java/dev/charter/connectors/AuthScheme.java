package dev.charter.connectors;

/** How a connection's credential is attached to a request. */
public enum AuthScheme {
    /** {@code Authorization: Bearer <token>} */
    BEARER,
    /** {@code Authorization: Basic …} from a user name and password */
    BASIC,
    /** {@code <header name>: <key>} */
    HEADER,
    /** The credential is the URL itself (incoming webhooks) */
    URL,
    /** No credential: a service open to Charter without one (a model server inside the operator's network) */
    NONE,
    /**
     * AWS Signature Version 4 with an access key id and secret access key (stored together as {@code id:secret}); the
     * header name holds the signing scope {@code <region>/<service>}
     */
    AWS_SIGV4,
    /**
     * OAuth 2.0 client credentials: a client id and secret (stored together as {@code id:secret}); the header name holds
     * the token endpoint with the grant's parameters, and egress mints, caches and attaches the access token
     */
    OAUTH2_CLIENT_CREDENTIALS,
    /**
     * A Google Cloud service account's JSON key, exchanged inside egress for a short-lived bearer token; the header name
     * holds {@code <project>/<region>/<model>} of a Vertex AI connection
     */
    GOOGLE_SERVICE_ACCOUNT,
    /** An OAuth 2.0 grant in the vault: its access token as a bearer token, refreshed inside egress when expired */
    OAUTH2
}

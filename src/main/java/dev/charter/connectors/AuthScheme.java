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
    /** An OAuth 2.0 grant in the vault: its access token as a bearer token, refreshed inside egress when expired */
    OAUTH2
}

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
    NONE
}

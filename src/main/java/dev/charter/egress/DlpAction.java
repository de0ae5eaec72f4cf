package dev.charter.egress;

/** What the gateway does when outbound DLP finds a secret in a request. */
public enum DlpAction {
    /** Refuse the whole request (the default). */
    BLOCK,
    /**
     * Replace each secret in the body and header values with a non-reversible alias such as
     * {@code [secret:github:3f9a0c51d2e4]} (a keyed HMAC per organization) and send the rest. A secret found in
     * the URL still blocks the request: rewriting a destination is never what the caller meant.
     */
    REPLACE
}

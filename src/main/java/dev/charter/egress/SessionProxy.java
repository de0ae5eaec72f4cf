package dev.charter.egress;

/**
 * The egress gateway as an HTTP proxy on a Unix socket, one per sandboxed session: the session's only way out.
 * The session sends plain HTTP/1.1 requests with absolute URIs ({@code GET http://host/path}); {@code CONNECT} is
 * refused, because a tunnel could not be inspected. Each request must carry the session's token, match the
 * session's grants and rules, and then goes through {@link EgressGateway} under the session's purpose (policy,
 * address check, DLP, audit), which makes the TLS connection out. Every refusal is audited.
 */
public interface SessionProxy {

    /** Opens the session's socket; a session id can be open once. */
    ProxySession open(ProxySessionSpec spec);

    /** Closes the session's socket and forgets its token at once; requests in flight are cut. */
    void close(String sessionId);

    /** True while the session's socket is open. */
    boolean isOpen(String sessionId);
}

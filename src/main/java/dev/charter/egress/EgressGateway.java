package dev.charter.egress;

import dev.charter.shared.OrgId;

/**
 * The only way an outbound HTTP request leaves Charter.
 *
 * <p>{@link #send} either returns the destination's answer or throws:
 * {@link EgressDeniedException} when policy, the address check, the rate limit or DLP refused the request
 * (nothing was sent, the reason says what to change), or {@link EgressFailedException} when the request was
 * allowed but the exchange failed (connection refused, timeout, TLS, answer too large). Redirects are followed
 * by the gateway itself, each hop checked like a new request.
 */
public interface EgressGateway {

    EgressResponse send(EgressRequest request);

    /**
     * A short excerpt of an answer's body for people to read, for example on the page of a step that failed:
     * at most {@code maxChars} characters, with every secret the DLP scanner finds in the body (documented token
     * formats, assignments, the organization's and the server's own credentials) replaced by {@code [secret:kind]}
     * first, so an answer that echoes a key shows none of it.
     */
    String readableExcerpt(OrgId org, EgressResponse response, int maxChars);
}

package dev.charter.egress;

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
}

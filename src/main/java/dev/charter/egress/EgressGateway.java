package dev.charter.egress;

import dev.charter.shared.OrgId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

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
     * Reads one streamed answer (server-sent events, an event stream) as it arrives. The request is decided exactly
     * as by {@link #send}: shape, policy, address, DLP, rate limit, audit, then the credential attached; nothing is
     * sent when it is refused ({@link EgressDeniedException}). No redirect is followed: a redirect is an answer like
     * any other. {@code handler} gets the status, the headers and the body while the connection is open; the
     * connection closes when it returns, so a handler that has read enough simply returns. The body stops with an
     * {@link EgressLimitException} when {@code within} (or the purpose's timeout, whichever is shorter) has passed or
     * the purpose's size limit is reached. What the handler returns or throws (other than an {@link IOException},
     * which becomes an {@link EgressFailedException}) passes through.
     *
     * <p>This default reads the whole answer first and hands it over at once; the gateway itself streams.
     */
    default <T> T stream(EgressRequest request, Duration within, StreamHandler<T> handler) {
        EgressResponse whole = send(request);
        try {
            return handler.handle(new StreamedResponse(whole.status(), whole.headers(), new ByteArrayInputStream(whole.body())));
        } catch (IOException e) {
            throw new EgressFailedException("reading the answer failed: " + e.getMessage(), e);
        }
    }

    /** Reads a streamed answer; see {@link #stream}. */
    @FunctionalInterface
    interface StreamHandler<T> {
        T handle(StreamedResponse response) throws IOException;
    }

    /**
     * A short excerpt of an answer's body for people to read, for example on the page of a step that failed:
     * at most {@code maxChars} characters, with every secret the DLP scanner finds in the body (documented token
     * formats, assignments, the organization's and the server's own credentials) replaced by {@code [secret:kind]}
     * first, so an answer that echoes a key shows none of it.
     */
    String readableExcerpt(OrgId org, EgressResponse response, int maxChars);
}

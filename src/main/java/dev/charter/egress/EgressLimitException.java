package dev.charter.egress;

import java.io.IOException;

/**
 * A streamed answer ({@link EgressGateway#stream}) reached a limit of its exchange: the time it may take, or the
 * bytes the purpose may receive. What was read before stays valid; the connection is closed.
 */
public final class EgressLimitException extends IOException {

    /** Which limit. */
    public enum Limit { TIME, SIZE }

    private final Limit limit;

    public EgressLimitException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}

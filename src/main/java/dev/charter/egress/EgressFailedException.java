package dev.charter.egress;

/**
 * The request was allowed but the exchange failed: the destination refused the connection, did not answer in
 * time, failed TLS verification, answered with something that is not HTTP, or answered with more than the
 * policy's size limit.
 */
public final class EgressFailedException extends EgressException {

    public EgressFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

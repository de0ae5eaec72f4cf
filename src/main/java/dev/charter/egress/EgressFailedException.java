package dev.charter.egress;

/**
 * The request was allowed but the exchange failed: the destination refused the connection, did not answer in
 * time, failed TLS verification, answered with something that is not HTTP, or answered with more than the
 * policy's size limit.
 */
public final class EgressFailedException extends EgressException {

    private final boolean credentialRefused;

    public EgressFailedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param credentialRefused the issuer of the credential refused it (a GitHub App installation that was removed or
     *                          suspended): the connection behind it no longer gives access
     */
    public EgressFailedException(String message, Throwable cause, boolean credentialRefused) {
        super(message, cause);
        this.credentialRefused = credentialRefused;
    }

    /** True when the credential's issuer refused it, so access through it has ended. */
    public boolean credentialRefused() {
        return credentialRefused;
    }
}

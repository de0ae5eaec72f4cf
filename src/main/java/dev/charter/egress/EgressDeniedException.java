package dev.charter.egress;

/**
 * The gateway refused the request before anything was sent: no policy allows it, the host resolves to an
 * address that is not allowed, the rate limit is reached, or DLP found a secret. {@link #reason()} says
 * which, in words an operator can act on; the same reason is in the audit log.
 */
public final class EgressDeniedException extends EgressException {

    private final String reason;

    public EgressDeniedException(String reason) {
        super("Outbound request refused: " + reason, null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

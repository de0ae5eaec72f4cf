package dev.charter.egress;

import java.util.Objects;

/**
 * The one credential an agent session holds: it names the session to its egress proxy and grants nothing by itself
 * (what the session may do is kept by the gateway, not in the token). Short-lived; {@link #toString()} hides it.
 */
public record SessionToken(String value) {
    public SessionToken {
        Objects.requireNonNull(value, "token");
    }

    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}

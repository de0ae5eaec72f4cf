package dev.charter.perfcases;

/** How a telemetry source is authenticated; the credential lives in the vault and is attached by egress. */
public enum TelemetryAuth {
    /** No credential (a source inside the operator's network). */
    NONE,
    /** HTTP basic auth, user name and password. */
    BASIC,
    /** {@code Authorization: Bearer <token>}. */
    BEARER
}

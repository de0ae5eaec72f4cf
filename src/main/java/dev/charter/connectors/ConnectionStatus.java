package dev.charter.connectors;

/** Where a connection stands. */
public enum ConnectionStatus {
    /** Usable: saved, and verified if verification was asked for. */
    ACTIVE,
    /** The last live check failed (see the status detail); it stays saved until it is verified again or revoked. */
    FAILED_VERIFICATION,
    /** Revoked: its credential is deleted and it can no longer be used. Kept for the record until removed. */
    REVOKED
}

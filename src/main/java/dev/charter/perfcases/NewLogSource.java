package dev.charter.perfcases;

import dev.charter.vault.SecretValue;

/**
 * A log source to connect.
 *
 * @param username for SQL and BASIC: the role or user name; {@code secret} is its password
 * @param secret   the password or bearer token; redacted in {@code toString} and JSON
 */
public record NewLogSource(LogSourceKind kind, String label, String address, TelemetryAuth auth, String username,
                           SecretValue secret, LogGrant grant) {

    public void wipe() {
        if (secret != null) {
            secret.wipe();
        }
    }
}

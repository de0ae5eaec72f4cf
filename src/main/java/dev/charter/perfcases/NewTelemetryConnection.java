package dev.charter.perfcases;

import dev.charter.vault.SecretValue;

/**
 * A telemetry connection to make. Missing grant or detection fields take their defaults.
 *
 * @param username for BASIC: the user name; {@code secret} is the password
 * @param secret   for BASIC the password, for BEARER the token; redacted in {@code toString} and JSON
 */
public record NewTelemetryConnection(TelemetryKind kind, String label, String baseUrl, TelemetryAuth auth, String username,
                                     SecretValue secret, MetricGrant grant, DetectionSettings detection) {

    public void wipe() {
        if (secret != null) {
            secret.wipe();
        }
    }
}

package dev.charter.perfcases.internal;

import dev.charter.perfcases.TelemetryAuth;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.util.Arrays;

/** A telemetry or log source's credential into the vault, as egress attaches it; the plaintext is zeroed after. */
final class SourceCredentials {

    private SourceCredentials() {}

    /**
     * Stores {@code secret} under {@code purpose}: for basic auth as {@code username:secret} (kind {@code basic}),
     * for a bearer token as it is (kind {@code bearer}). Both arrays are zeroed whatever happens.
     */
    static SecretRef store(Vault vault, OrgId org, String purpose, TelemetryAuth auth, String username, char[] secret,
                           String label) {
        char[] stored = secret;
        if (auth == TelemetryAuth.BASIC) {
            stored = new char[username.length() + 1 + secret.length];
            username.getChars(0, username.length(), stored, 0);
            stored[username.length()] = ':';
            System.arraycopy(secret, 0, stored, username.length() + 1, secret.length);
        }
        try {
            return vault.store(org, purpose, auth == TelemetryAuth.BASIC ? "basic" : "bearer", stored, label);
        } finally {
            Arrays.fill(secret, '\0');
            Arrays.fill(stored, '\0');
        }
    }
}

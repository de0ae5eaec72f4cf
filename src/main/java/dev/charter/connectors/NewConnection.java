package dev.charter.connectors;

import dev.charter.vault.SecretValue;
import java.util.List;

/**
 * A connection to create. Secret fields are {@link SecretValue}s: redacted in {@code toString} and JSON.
 * Give the credential either directly ({@code secret}, or {@code webhookUrl} for a webhook) or as a Fernet token
 * another system produced together with its Fernet key.
 *
 * @param baseUrl    HTTP API only: https URL of the API (http only for hosts the operator allowed)
 * @param authScheme HTTP API only: BEARER, BASIC or HEADER
 * @param headerName for HEADER: the header's name (for example X-Api-Key)
 * @param username   for BASIC: the user name; {@code secret} is the password
 * @param verifyPath HTTP API only: path below the base URL that a live check GETs (default: the base URL)
 */
public record NewConnection(ConnectionKind kind, String label, String baseUrl, AuthScheme authScheme,
                            String headerName, String username, SecretValue secret, SecretValue webhookUrl,
                            SecretValue fernetToken, SecretValue fernetKey, List<String> scopes, String verifyPath) {

    /** Zeroes every secret field. */
    public void wipe() {
        for (SecretValue v : new SecretValue[] {secret, webhookUrl, fernetToken, fernetKey}) {
            if (v != null) {
                v.wipe();
            }
        }
    }
}

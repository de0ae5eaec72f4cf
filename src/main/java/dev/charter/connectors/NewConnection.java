package dev.charter.connectors;

import dev.charter.egress.SmtpSecurity;
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
 * @param host       SMTP server only: the server's host name
 * @param port       SMTP server only: its port (default 587 for STARTTLS, 465 for TLS)
 * @param security   SMTP server only: STARTTLS (default), TLS or PLAIN
 * @param from       SMTP server only: the sender address used when a step names none
 */
public record NewConnection(ConnectionKind kind, String label, String baseUrl, AuthScheme authScheme,
                            String headerName, String username, SecretValue secret, SecretValue webhookUrl,
                            SecretValue fernetToken, SecretValue fernetKey, List<String> scopes, String verifyPath,
                            String host, Integer port, SmtpSecurity security, String from) {

    /** A connection of a kind that is not an SMTP server. */
    public NewConnection(ConnectionKind kind, String label, String baseUrl, AuthScheme authScheme, String headerName,
                         String username, SecretValue secret, SecretValue webhookUrl, SecretValue fernetToken,
                         SecretValue fernetKey, List<String> scopes, String verifyPath) {
        this(kind, label, baseUrl, authScheme, headerName, username, secret, webhookUrl, fernetToken, fernetKey, scopes,
                verifyPath, null, null, null, null);
    }

    /** Zeroes every secret field. */
    public void wipe() {
        for (SecretValue v : new SecretValue[] {secret, webhookUrl, fernetToken, fernetKey}) {
            if (v != null) {
                v.wipe();
            }
        }
    }
}

package dev.charter.connectors;

import dev.charter.vault.SecretValue;
import java.util.List;

/**
 * An OAuth connection to start. URLs left empty take the provider's (from the settings
 * {@code charter.connectors.oauth.*}); giving them points at a GitHub Enterprise server, a proxy or a test fake.
 *
 * @param kind         GITHUB_OAUTH, JIRA_OAUTH, SLACK_OAUTH or GMAIL_OAUTH
 * @param clientId     the OAuth app's client id, from the provider's developer console
 * @param clientSecret the OAuth app's client secret; stored in the vault only
 * @param authorizeUrl the provider's authorization endpoint (optional)
 * @param tokenUrl     the provider's token endpoint (optional)
 * @param apiBaseUrl   the provider's API (optional)
 * @param scopes       the scopes to ask for (optional; default: what Reviews reads, see docs/reviews.md)
 */
public record NewOAuthConnection(ConnectionKind kind, String label, String clientId, SecretValue clientSecret,
                                 String authorizeUrl, String tokenUrl, String apiBaseUrl, List<String> scopes) {

    public void wipe() {
        if (clientSecret != null) {
            clientSecret.wipe();
        }
    }
}

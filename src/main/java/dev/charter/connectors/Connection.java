package dev.charter.connectors;

import dev.charter.egress.ImapServer;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.SmtpServer;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A connection as other modules see it. Holds a reference to its credential, never the credential.
 *
 * @param baseUrl      where the credential may be sent: the API's base URL, or for a webhook only its
 *                     scheme, host and port (the path is part of the secret)
 * @param headerName   the header that carries the key, for {@link AuthScheme#HEADER}
 * @param scopes       what the service granted this connection, as the user recorded it
 * @param statusDetail why the last verification failed, in words (never a credential)
 * @param credential   the credential in the vault, or null once revoked
 * @param fingerprint  a short keyed hash that tells credentials apart, or null once revoked
 * @param lastUsedAt   when egress last attached the credential
 * @param smtpServer   for {@link ConnectionKind#SMTP_SERVER}: host, port and security; null for other kinds
 * @param mailFrom     for {@link ConnectionKind#SMTP_SERVER}: the sender used when a step names none; null otherwise
 * @param imapServer   for {@link ConnectionKind#IMAP_SERVER}: host, port and security; null for other kinds
 */
public record Connection(ConnectionId id, OrgId org, ConnectionKind kind, String label, URI baseUrl,
                         AuthScheme authScheme, String headerName, List<String> scopes, ConnectionStatus status,
                         String statusDetail, SecretRef credential, String fingerprint, Instant createdAt,
                         Instant verifiedAt, Instant lastUsedAt, Instant revokedAt, SmtpServer smtpServer,
                         String mailFrom, ImapServer imapServer) {

    public boolean usable() {
        return status != ConnectionStatus.REVOKED && (credential != null || authScheme == AuthScheme.NONE);
    }

    /**
     * How egress attaches this connection's credential to HTTP requests; only for usable connections. For a
     * connection without a credential ({@link AuthScheme#NONE}) nothing is attached, but its requests are bound to its
     * base URL all the same ({@link CredentialUse#none}).
     */
    public CredentialUse credentialUse() {
        if (!usable()) {
            throw new IllegalStateException("Connection " + id + " is revoked");
        }
        return switch (authScheme) {
            case NONE -> CredentialUse.none(baseUrl);
            case AWS_SIGV4 -> {
                String[] scope = headerName.split("/", 2);
                yield CredentialUse.sigV4(credential, scope[0], scope[1], baseUrl);
            }
            case GOOGLE_SERVICE_ACCOUNT -> CredentialUse.googleServiceAccount(credential, baseUrl);
            case BEARER -> CredentialUse.bearer(credential, baseUrl);
            case BASIC -> CredentialUse.basic(credential, baseUrl);
            case HEADER -> CredentialUse.header(credential, headerName, baseUrl);
            case URL -> CredentialUse.url(credential, baseUrl);
            case OAUTH2_CLIENT_CREDENTIALS -> CredentialUse.oauth2ClientCredentials(credential, headerName, baseUrl);
            case OAUTH2 -> CredentialUse.oauth2(credential, baseUrl);
        };
    }
}

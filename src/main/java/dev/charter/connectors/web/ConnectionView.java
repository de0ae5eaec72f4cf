package dev.charter.connectors.web;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.ConnectionStatus;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.SmtpSecurity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A connection as the API and the page show it: everything but the credential. */
record ConnectionView(UUID id, ConnectionKind kind, String label, String baseUrl, AuthScheme authScheme, String headerName,
                      List<String> scopes, ConnectionStatus status, String statusDetail, String fingerprint,
                      Instant createdAt, Instant verifiedAt, Instant lastUsedAt, Instant revokedAt, String smtpHost,
                      Integer smtpPort, SmtpSecurity smtpSecurity, String from, String imapHost, Integer imapPort,
                      ImapSecurity imapSecurity) {

    static ConnectionView of(Connection c) {
        return new ConnectionView(c.id().value(), c.kind(), c.label(), c.baseUrl().toString(), c.authScheme(), c.headerName(),
                c.scopes(), c.status(), c.statusDetail(), c.fingerprint(), c.createdAt(), c.verifiedAt(), c.lastUsedAt(),
                c.revokedAt(), c.smtpServer() == null ? null : c.smtpServer().host(),
                c.smtpServer() == null ? null : c.smtpServer().port(),
                c.smtpServer() == null ? null : c.smtpServer().security(), c.mailFrom(),
                c.imapServer() == null ? null : c.imapServer().host(), c.imapServer() == null ? null : c.imapServer().port(),
                c.imapServer() == null ? null : c.imapServer().security());
    }
}

package dev.charter.connectors.internal;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.ConnectionStatus;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.SmtpSecurity;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for connections. Every method takes the organization first. */
@Repository
class ConnectionRepository {

    record Row(ConnectionId id, OrgId org, ConnectionKind kind, String label, URI baseUrl, AuthScheme authScheme,
               String headerName, String verifyPath, List<String> scopes, SecretRef credential, ConnectionStatus status,
               String statusDetail, UUID createdBy, Instant createdAt, Instant verifiedAt, Instant revokedAt,
               SmtpSecurity smtpSecurity, String mailFrom, ImapSecurity imapSecurity) {}

    private static final String COLUMNS = """
            id, org_id, kind, label, base_url, auth_scheme, header_name, verify_path, scopes, credential_id,
            credential_purpose, status, status_detail, created_by, created_at, verified_at, revoked_at, smtp_security,
            mail_from, imap_security""";

    private final JdbcClient jdbc;

    ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, Row r) {
        jdbc.sql("insert into connectors_connection (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id().value(), org.value(), r.kind().name(), r.label(), r.baseUrl().toString(), r.authScheme().name(),
                        r.headerName(), r.verifyPath(), String.join(" ", r.scopes()),
                        r.credential() == null ? null : r.credential().credentialId(),
                        r.credential() == null ? null : r.credential().purpose(), r.status().name(), r.statusDetail(), r.createdBy(), ts(r.createdAt()),
                        ts(r.verifiedAt()), ts(r.revokedAt()), r.smtpSecurity() == null ? null : r.smtpSecurity().name(),
                        r.mailFrom(), r.imapSecurity() == null ? null : r.imapSecurity().name())
                .update();
    }

    List<Row> list(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from connectors_connection where org_id = ? order by created_at, id")
                .param(org.value()).query(ConnectionRepository::row).list();
    }

    List<Row> named(OrgId org, String label) {
        return jdbc.sql("select " + COLUMNS + " from connectors_connection where org_id = ? and label = ? order by created_at, id")
                .params(org.value(), label).query(ConnectionRepository::row).list();
    }

    Optional<Row> find(OrgId org, ConnectionId id) {
        return jdbc.sql("select " + COLUMNS + " from connectors_connection where org_id = ? and id = ?")
                .params(org.value(), id.value()).query(ConnectionRepository::row).optional();
    }

    /** Locks the row for the rest of the transaction. */
    Optional<Row> lock(OrgId org, ConnectionId id) {
        return jdbc.sql("select " + COLUMNS + " from connectors_connection where org_id = ? and id = ? for update")
                .params(org.value(), id.value()).query(ConnectionRepository::row).optional();
    }

    void setStatus(OrgId org, ConnectionId id, ConnectionStatus status, String detail, Instant verifiedAt) {
        jdbc.sql("""
                update connectors_connection set status = ?, status_detail = ?, verified_at = coalesce(?, verified_at)
                where org_id = ? and id = ? and status <> 'REVOKED'""")
                .params(status.name(), detail, ts(verifiedAt), org.value(), id.value()).update();
    }

    void markRevoked(OrgId org, ConnectionId id, Instant at) {
        jdbc.sql("""
                update connectors_connection set status = 'REVOKED', status_detail = null, credential_id = null,
                       credential_purpose = null, revoked_at = ?
                where org_id = ? and id = ?""")
                .params(ts(at), org.value(), id.value()).update();
    }

    int delete(OrgId org, ConnectionId id) {
        return jdbc.sql("delete from connectors_connection where org_id = ? and id = ?").params(org.value(), id.value()).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        OrgId org = new OrgId(rs.getObject("org_id", UUID.class));
        UUID credentialId = rs.getObject("credential_id", UUID.class);
        String scopes = rs.getString("scopes");
        return new Row(new ConnectionId(rs.getObject("id", UUID.class)), org, ConnectionKind.valueOf(rs.getString("kind")),
                rs.getString("label"), URI.create(rs.getString("base_url")), AuthScheme.valueOf(rs.getString("auth_scheme")),
                rs.getString("header_name"), rs.getString("verify_path"),
                scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")),
                credentialId == null ? null : new SecretRef(org, credentialId, rs.getString("credential_purpose")),
                ConnectionStatus.valueOf(rs.getString("status")), rs.getString("status_detail"),
                rs.getObject("created_by", UUID.class), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("verified_at")), instant(rs.getTimestamp("revoked_at")),
                rs.getString("smtp_security") == null ? null : SmtpSecurity.valueOf(rs.getString("smtp_security")),
                rs.getString("mail_from"),
                rs.getString("imap_security") == null ? null : ImapSecurity.valueOf(rs.getString("imap_security")));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

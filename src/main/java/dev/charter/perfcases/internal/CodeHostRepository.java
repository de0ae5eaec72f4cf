package dev.charter.perfcases.internal;

import dev.charter.perfcases.CodeHost;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the GitHub App installations. */
@Repository
class CodeHostRepository {

    /** The vault purposes of the App's private key and its webhook secret. */
    static final String KEY_PURPOSE = "perfcases.github-app-key";
    static final String WEBHOOK_PURPOSE = "perfcases.github-app-webhook";

    private static final String COLUMNS = "id, label, api_base, git_base, app_id, installation_id, account, status, "
            + "ended_reason, created_at, ended_at, app_key_id, webhook_secret_id, org_id";

    /** A row with the references to its two secrets, which never leave Perf cases' internals. */
    record Row(CodeHost host, OrgId org, UUID appKeyId, UUID webhookSecretId) {}

    private final JdbcClient jdbc;

    CodeHostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, CodeHost h, UUID appKeyId, UUID webhookSecretId, UUID createdBy) {
        jdbc.sql("""
                insert into perfcases_code_host (id, org_id, label, api_base, git_base, app_id, installation_id, account,
                    app_key_id, webhook_secret_id, status, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                .params(h.id(), org.value(), h.label(), h.apiBase().toString(), h.gitBase().toString(), h.appId(),
                        h.installationId(), h.account(), appKeyId, webhookSecretId, createdBy, Timestamp.from(h.createdAt()))
                .update();
    }

    List<CodeHost> list(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_code_host where org_id = ? order by created_at, id")
                .param(org.value()).query((rs, i) -> map(rs).host()).list();
    }

    Optional<Row> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_code_host where org_id = ? and id = ?")
                .params(org.value(), id).query((rs, i) -> map(rs)).optional();
    }

    /** For a webhook, which names the installation by the id in its URL only. */
    Optional<Row> findAnyOrg(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_code_host where id = ?")
                .param(id).query((rs, i) -> map(rs)).optional();
    }

    /** Whether the installation still gives access: asked before every request of a session. */
    boolean active(OrgId org, UUID id) {
        return jdbc.sql("select status = 'ACTIVE' from perfcases_code_host where org_id = ? and id = ?")
                .params(org.value(), id).query(Boolean.class).optional().orElse(false);
    }

    /** Ends the installation; false when it had already ended. */
    boolean end(OrgId org, UUID id, String reason, Instant at) {
        return jdbc.sql("""
                update perfcases_code_host set status = 'REMOVED', ended_reason = ?, ended_at = ?
                where org_id = ? and id = ? and status = 'ACTIVE'""")
                .params(reason.length() > 500 ? reason.substring(0, 500) : reason, Timestamp.from(at), org.value(), id)
                .update() == 1;
    }

    private static Row map(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        CodeHost h = new CodeHost(rs.getObject("id", UUID.class), rs.getString("label"), URI.create(rs.getString("api_base")),
                URI.create(rs.getString("git_base")), rs.getString("app_id"), rs.getLong("installation_id"),
                rs.getString("account"), rs.getString("status"), rs.getString("ended_reason"),
                rs.getTimestamp("created_at").toInstant(), ended == null ? null : ended.toInstant());
        return new Row(h, new OrgId(rs.getObject("org_id", UUID.class)), rs.getObject("app_key_id", UUID.class),
                rs.getObject("webhook_secret_id", UUID.class));
    }
}

package dev.charter.perfcases.internal;

import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryKind;
import dev.charter.perfcases.VersionSource;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code perfcases_connection} table. */
@Repository
class TelemetryConnectionRepository {

    private static final String COLUMNS = """
            id, org_id, kind, label, base_url, auth_scheme, credential_id, credential_purpose, service_label, version_label,
            version_source, latency_metric, status_label, cpu_metric, lookback_seconds, step_seconds, min_samples, min_effect,
            alpha, check_every_seconds, status, created_at, revoked_at, last_pass_at""";

    private final JdbcClient jdbc;

    TelemetryConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, TelemetryConnection c, UUID createdBy) {
        MetricGrant g = c.grant();
        DetectionSettings d = c.detection();
        jdbc.sql("""
                insert into perfcases_connection (id, org_id, kind, label, base_url, auth_scheme, credential_id,
                    credential_purpose, service_label, version_label, version_source, latency_metric, status_label, cpu_metric,
                    lookback_seconds, step_seconds, min_samples, min_effect, alpha, check_every_seconds, status, created_by,
                    created_at, last_pass_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)""")
                .params(c.id(), org.value(), c.kind().name(), c.label(), c.baseUrl().toString(), c.auth().name(),
                        c.credential() == null ? null : c.credential().credentialId(),
                        c.credential() == null ? null : c.credential().purpose(), g.serviceLabel(), g.versionLabel(),
                        g.versionSource().name(), g.latencyMetric(), g.statusLabel(), g.cpuMetric(),
                        (int) d.lookback().toSeconds(), (int) d.step().toSeconds(), d.minSamples(), d.minEffect(), d.alpha(),
                        (int) d.checkEvery().toSeconds(), createdBy, Timestamp.from(c.createdAt()),
                        // the first scheduled pass comes one interval after the connection is made
                        Timestamp.from(c.createdAt()))
                .update();
    }

    List<TelemetryConnection> list(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_connection where org_id = ? order by created_at, id")
                .param(org.value()).query(TelemetryConnectionRepository::map).list();
    }

    Optional<TelemetryConnection> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_connection where org_id = ? and id = ?")
                .params(org.value(), id).query(TelemetryConnectionRepository::map).optional();
    }

    /** The row, locked until the transaction ends (revocation). */
    Optional<TelemetryConnection> lock(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_connection where org_id = ? and id = ? for update")
                .params(org.value(), id).query(TelemetryConnectionRepository::map).optional();
    }

    void markRevoked(OrgId org, UUID id, Instant at) {
        jdbc.sql("""
                update perfcases_connection set status = 'REVOKED', revoked_at = ?, credential_id = null,
                    credential_purpose = null where org_id = ? and id = ?""")
                .params(Timestamp.from(at), org.value(), id).update();
    }

    void delete(OrgId org, UUID id) {
        jdbc.sql("delete from perfcases_connection where org_id = ? and id = ?").params(org.value(), id).update();
    }

    /**
     * Active connections of every organization whose next pass is due: the scheduler's documented cross-tenant
     * read (it only enqueues one job per connection, on the connection's own organization).
     */
    List<TelemetryConnection> dueForPass(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " " + """
                from perfcases_connection where status = 'ACTIVE' and kind = 'PROMETHEUS'
                 and (last_pass_at is null or last_pass_at + make_interval(secs => check_every_seconds) <= ?)
                 order by last_pass_at nulls first limit ?""")
                .params(Timestamp.from(now), limit).query(TelemetryConnectionRepository::map).list();
    }

    /** Claims the pass: true for exactly one caller per due time. */
    boolean claimPass(OrgId org, UUID id, Instant previous, Instant now) {
        return jdbc.sql("""
                update perfcases_connection set last_pass_at = ? where org_id = ? and id = ? and status = 'ACTIVE'
                and last_pass_at is not distinct from ?""")
                .params(Timestamp.from(now), org.value(), id, previous == null ? null : Timestamp.from(previous)).update() == 1;
    }

    private static TelemetryConnection map(ResultSet rs, int i) throws SQLException {
        OrgId org = new OrgId(rs.getObject("org_id", UUID.class));
        UUID cred = rs.getObject("credential_id", UUID.class);
        MetricGrant grant = new MetricGrant(rs.getString("service_label"), rs.getString("version_label"),
                VersionSource.valueOf(rs.getString("version_source")), rs.getString("latency_metric"),
                rs.getString("status_label"), rs.getString("cpu_metric"));
        DetectionSettings detection = new DetectionSettings(Duration.ofSeconds(rs.getInt("lookback_seconds")),
                Duration.ofSeconds(rs.getInt("step_seconds")), rs.getInt("min_samples"), rs.getDouble("min_effect"),
                rs.getDouble("alpha"), Duration.ofSeconds(rs.getInt("check_every_seconds")));
        return new TelemetryConnection(rs.getObject("id", UUID.class), org, TelemetryKind.valueOf(rs.getString("kind")),
                rs.getString("label"), URI.create(rs.getString("base_url")), TelemetryAuth.valueOf(rs.getString("auth_scheme")),
                cred == null ? null : new SecretRef(org, cred, rs.getString("credential_purpose")), grant, detection,
                "ACTIVE".equals(rs.getString("status")), instant(rs, "created_at"), instant(rs, "revoked_at"),
                instant(rs, "last_pass_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

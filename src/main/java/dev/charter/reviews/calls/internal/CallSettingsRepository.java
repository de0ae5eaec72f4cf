package dev.charter.reviews.calls.internal;

import dev.charter.shared.OrgId;
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

/** {@code reviews_calls_settings}: one row per organization, absent until an admin first changes anything. */
@Repository
class CallSettingsRepository {

    static final String SECRET_PURPOSE = "reviews.calls-webhook";

    private final JdbcClient jdbc;

    CallSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    CallSettings get(OrgId org) {
        return find(org, false).orElse(CallSettings.OFF);
    }

    /** The row, locked for the caller's transaction (created first if absent). */
    CallSettings lock(OrgId org) {
        jdbc.sql("insert into reviews_calls_settings (org_id) values (?) on conflict do nothing").param(org.value()).update();
        return find(org, true).orElseThrow();
    }

    /**
     * The settings, with the row share-locked for the caller's transaction: an intake holds it while it stores a call,
     * so turning analysis off (which locks the row for update) waits for it, and no intake stores anything after the
     * switch commits.
     */
    CallSettings forIntake(OrgId org) {
        return jdbc.sql(SELECT + " for share").param(org.value()).query(CallSettingsRepository::row).optional()
                .orElse(CallSettings.OFF);
    }

    private static final String SELECT = """
            select enabled, attestation_version, attestation_sha256, enabled_by, enabled_at, disabled_by, disabled_at,
                   internal_domains, zoom_connection_id, zoom_secret_id, aircall_connection_id, aircall_token_id,
                   teams_connection_id
            from reviews_calls_settings where org_id = ?""";

    private Optional<CallSettings> find(OrgId org, boolean forUpdate) {
        return jdbc.sql("""
                select enabled, attestation_version, attestation_sha256, enabled_by, enabled_at, disabled_by, disabled_at,
                       internal_domains, zoom_connection_id, zoom_secret_id, aircall_connection_id, aircall_token_id,
                       teams_connection_id
                from reviews_calls_settings where org_id = ?""" + (forUpdate ? " for update" : ""))
                .param(org.value()).query(CallSettingsRepository::row).optional();
    }

    void enable(OrgId org, UUID by, Instant at, String version, String sha256) {
        jdbc.sql("""
                update reviews_calls_settings set enabled = true, attestation_version = ?, attestation_sha256 = ?,
                       enabled_by = ?, enabled_at = ?, disabled_by = null, disabled_at = null, updated_at = ?
                where org_id = ?""")
                .params(version, sha256, by, Timestamp.from(at), Timestamp.from(at), org.value()).update();
    }

    void disable(OrgId org, UUID by, Instant at) {
        jdbc.sql("""
                update reviews_calls_settings set enabled = false, disabled_by = ?, disabled_at = ?, updated_at = ?
                where org_id = ?""").params(by, Timestamp.from(at), Timestamp.from(at), org.value()).update();
    }

    void domains(OrgId org, List<String> domains, Instant at) {
        jdbc.sql("update reviews_calls_settings set internal_domains = ?, updated_at = ? where org_id = ?")
                .params(domains.toArray(String[]::new), Timestamp.from(at), org.value()).update();
    }

    void connections(OrgId org, UUID zoom, UUID zoomSecret, UUID aircall, UUID aircallToken, UUID teams, Instant at) {
        jdbc.sql("""
                update reviews_calls_settings set zoom_connection_id = ?, zoom_secret_id = ?, aircall_connection_id = ?,
                       aircall_token_id = ?, teams_connection_id = ?, updated_at = ?
                where org_id = ?""")
                .params(zoom, zoomSecret, aircall, aircallToken, teams, Timestamp.from(at), org.value()).update();
    }

    private static CallSettings row(ResultSet rs, int n) throws SQLException {
        java.sql.Array domains = rs.getArray("internal_domains");
        return new CallSettings(rs.getBoolean("enabled"), rs.getString("attestation_version"), rs.getString("attestation_sha256"),
                rs.getObject("enabled_by", UUID.class), instant(rs.getTimestamp("enabled_at")),
                rs.getObject("disabled_by", UUID.class), instant(rs.getTimestamp("disabled_at")),
                domains == null ? List.of() : Arrays.asList((String[]) domains.getArray()),
                rs.getObject("zoom_connection_id", UUID.class), rs.getObject("zoom_secret_id", UUID.class),
                rs.getObject("aircall_connection_id", UUID.class), rs.getObject("aircall_token_id", UUID.class),
                rs.getObject("teams_connection_id", UUID.class));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

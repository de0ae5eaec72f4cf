package dev.charter.perfcases.internal;

import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.LogGrant;
import dev.charter.perfcases.LogSource;
import dev.charter.perfcases.LogSourceKind;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code perfcases_log_source}, {@code perfcases_log_settings} and {@code perfcases_log_aggregate} tables. */
@Repository
class LogSourceRepository {

    private static final String COLUMNS = """
            id, org_id, kind, label, address, auth_scheme, credential_id, credential_purpose, grant_spec::text as grant_spec,
            status, created_at, revoked_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LogSourceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(OrgId org, LogSource s, UUID createdBy) {
        jdbc.sql("""
                insert into perfcases_log_source (id, org_id, kind, label, address, auth_scheme, credential_id,
                    credential_purpose, grant_spec, status, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'ACTIVE', ?, ?)""")
                .params(s.id(), org.value(), s.kind().name(), s.label(), s.address(), s.auth().name(),
                        s.credential() == null ? null : s.credential().credentialId(),
                        s.credential() == null ? null : s.credential().purpose(), json.writeValueAsString(s.grant()),
                        createdBy, Timestamp.from(s.createdAt()))
                .update();
    }

    List<LogSource> list(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_log_source where org_id = ? order by created_at, id")
                .param(org.value()).query(this::map).list();
    }

    Optional<LogSource> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_log_source where org_id = ? and id = ?")
                .params(org.value(), id).query(this::map).optional();
    }

    /** The row, locked until the transaction ends (revocation). */
    Optional<LogSource> lock(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_log_source where org_id = ? and id = ? for update")
                .params(org.value(), id).query(this::map).optional();
    }

    void markRevoked(OrgId org, UUID id, Instant at) {
        jdbc.sql("""
                update perfcases_log_source set status = 'REVOKED', revoked_at = ?, credential_id = null,
                    credential_purpose = null where org_id = ? and id = ?""")
                .params(Timestamp.from(at), org.value(), id).update();
    }

    boolean strict(OrgId org) {
        return jdbc.sql("select strict from perfcases_log_settings where org_id = ?").param(org.value())
                .query(Boolean.class).optional().orElse(false);
    }

    /** The settings row, locked: a read for a case holds it so strict mode cannot switch on under it. */
    boolean lockStrict(OrgId org) {
        return jdbc.sql("select strict from perfcases_log_settings where org_id = ? for share").param(org.value())
                .query(Boolean.class).optional().orElse(false);
    }

    void setStrict(OrgId org, boolean strict, UUID by, Instant at) {
        jdbc.sql("""
                insert into perfcases_log_settings (org_id, strict, updated_by, updated_at) values (?, ?, ?, ?)
                on conflict (org_id) do update set strict = excluded.strict, updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at""")
                .params(org.value(), strict, by, Timestamp.from(at)).update();
    }

    void insertAggregate(OrgId org, LogAggregate a, UUID readBy) {
        ArrayNode groups = json.createArrayNode();
        for (LogAggregate.Group g : a.groups()) {
            ObjectNode n = groups.addObject();
            ObjectNode by = n.putObject("by");
            g.by().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> by.put(e.getKey(), e.getValue()));
            ObjectNode values = n.putObject("values");
            g.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> values.put(e.getKey(), e.getValue()));
        }
        jdbc.sql("""
                insert into perfcases_log_aggregate (id, org_id, case_id, source_id, language, query, result, read_by, read_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(a.id(), org.value(), a.caseId(), a.sourceId(), a.language(), a.query(), json.writeValueAsString(groups),
                        readBy, Timestamp.from(a.readAt()))
                .update();
    }

    List<LogAggregate> aggregates(OrgId org, UUID caseId) {
        return jdbc.sql("""
                select id, case_id, source_id, language, query, result::text as result, read_at from perfcases_log_aggregate
                where org_id = ? and case_id = ? order by read_at, id""")
                .params(org.value(), caseId).query((rs, i) -> new LogAggregate(rs.getObject("id", UUID.class),
                        rs.getObject("case_id", UUID.class), rs.getObject("source_id", UUID.class), rs.getString("language"),
                        rs.getString("query"), groups(json.readTree(rs.getString("result"))),
                        rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    private static List<LogAggregate.Group> groups(JsonNode result) {
        return result.valueStream().map(n -> {
            Map<String, String> by = new LinkedHashMap<>();
            n.path("by").properties().forEach(e -> by.put(e.getKey(), e.getValue().asString("")));
            Map<String, Double> values = new LinkedHashMap<>();
            n.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
            return new LogAggregate.Group(by, values);
        }).toList();
    }

    private LogSource map(ResultSet rs, int i) throws SQLException {
        OrgId org = new OrgId(rs.getObject("org_id", UUID.class));
        UUID cred = rs.getObject("credential_id", UUID.class);
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new LogSource(rs.getObject("id", UUID.class), org, LogSourceKind.valueOf(rs.getString("kind")),
                rs.getString("label"), rs.getString("address"), TelemetryAuth.valueOf(rs.getString("auth_scheme")),
                cred == null ? null : new SecretRef(org, cred, rs.getString("credential_purpose")),
                json.readValue(rs.getString("grant_spec"), LogGrant.class), "ACTIVE".equals(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}

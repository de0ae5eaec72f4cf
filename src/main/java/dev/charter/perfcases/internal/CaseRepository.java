package dev.charter.perfcases.internal;

import dev.charter.perfcases.Metric;
import dev.charter.perfcases.PerfCase;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code perfcases_case} table. */
@Repository
class CaseRepository {

    private static final String COLUMNS = """
            id, connection_id, service, metric, baseline_version, candidate_version, origin, status, title,
            evidence::text as evidence, opened_at, closed_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CaseRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts a case; for a detected one, only if the same regression has no case yet. True when inserted. */
    boolean insert(OrgId org, PerfCase c, UUID openedBy) {
        return jdbc.sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, evidence, opened_by, opened_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                on conflict do nothing""")
                .params(c.id(), org.value(), c.connectionId(), c.service(), c.metric().name(), c.baselineVersion(),
                        c.candidateVersion(), c.origin(), c.status(), c.title(), json.writeValueAsString(c.evidence()),
                        openedBy, Timestamp.from(c.openedAt()))
                .update() == 1;
    }

    List<PerfCase> list(OrgId org, int limit) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_case where org_id = ? order by opened_at desc, id limit ?")
                .params(org.value(), limit).query(this::map).list();
    }

    Optional<PerfCase> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_case where org_id = ? and id = ?")
                .params(org.value(), id).query(this::map).optional();
    }

    boolean close(OrgId org, UUID id, Instant at) {
        return jdbc.sql("update perfcases_case set status = 'CLOSED', closed_at = ? where org_id = ? and id = ? and status = 'OPEN'")
                .params(Timestamp.from(at), org.value(), id).update() == 1;
    }

    List<UUID> owned(OrgId org, Collection<UUID> ids) {
        return jdbc.sql("select id from perfcases_case where org_id = ? and id = any(?)")
                .params(org.value(), ids.toArray(UUID[]::new)).query(UUID.class).list();
    }

    private PerfCase map(ResultSet rs, int i) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        Map<String, Object> evidence = json.readValue(rs.getString("evidence"), new TypeReference<Map<String, Object>>() {});
        return new PerfCase(rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class), rs.getString("service"),
                Metric.valueOf(rs.getString("metric")), rs.getString("baseline_version"), rs.getString("candidate_version"),
                rs.getString("origin"), rs.getString("status"), rs.getString("title"), evidence,
                rs.getTimestamp("opened_at").toInstant(), closed == null ? null : closed.toInstant());
    }
}

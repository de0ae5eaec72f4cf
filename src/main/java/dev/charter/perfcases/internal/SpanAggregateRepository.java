package dev.charter.perfcases.internal;

import dev.charter.perfcases.SpanAggregate;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code perfcases_span_aggregate} table: span aggregates of a case per trace connection, replaced on each read. */
@Repository
class SpanAggregateRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SpanAggregateRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Replaces what was read for the case through the connection. */
    void replace(OrgId org, UUID caseId, UUID connectionId, List<SpanAggregate> aggregates, Instant readAt) {
        delete(org, caseId, connectionId);
        for (SpanAggregate a : aggregates) {
            jdbc.sql("""
                    insert into perfcases_span_aggregate (id, org_id, case_id, connection_id, service, version, span_name,
                        attributes, span_count, error_count, p50_seconds, p95_seconds, p99_seconds, window_start, window_end,
                        read_at)
                    values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(UUID.randomUUID(), org.value(), caseId, connectionId, a.service(), a.version(), a.spanName(),
                            json.writeValueAsString(a.attributes()), a.count(), a.errors(), a.p50(), a.p95(), a.p99(),
                            Timestamp.from(a.windowStart()), Timestamp.from(a.windowEnd()), Timestamp.from(readAt))
                    .update();
        }
    }

    void delete(OrgId org, UUID caseId, UUID connectionId) {
        jdbc.sql("delete from perfcases_span_aggregate where org_id = ? and case_id = ? and connection_id = ?")
                .params(org.value(), caseId, connectionId).update();
    }

    List<SpanAggregate> list(OrgId org, UUID caseId) {
        return jdbc.sql("""
                select connection_id, service, version, span_name, attributes::text as attributes, span_count, error_count,
                       p50_seconds, p95_seconds, p99_seconds, window_start, window_end
                from perfcases_span_aggregate where org_id = ? and case_id = ?
                order by connection_id, version, span_name, attributes::text""")
                .params(org.value(), caseId)
                .query((rs, i) -> new SpanAggregate(rs.getObject("connection_id", UUID.class), rs.getString("service"),
                        rs.getString("version"), rs.getString("span_name"),
                        json.readValue(rs.getString("attributes"), new TypeReference<Map<String, String>>() {}),
                        rs.getLong("span_count"), rs.getLong("error_count"), rs.getObject("p50_seconds", Double.class),
                        rs.getObject("p95_seconds", Double.class), rs.getObject("p99_seconds", Double.class),
                        rs.getTimestamp("window_start").toInstant(), rs.getTimestamp("window_end").toInstant()))
                .list();
    }
}

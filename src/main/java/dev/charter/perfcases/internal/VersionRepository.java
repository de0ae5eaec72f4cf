package dev.charter.perfcases.internal;

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

/** The {@code perfcases_version} table: aggregates per service version, replaced on each pass. */
@Repository
class VersionRepository {

    /** A version as stored. */
    record Row(UUID connectionId, String service, String version, Instant firstSeenAt, Instant lastSeenAt,
               Map<String, Object> summary) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    VersionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void upsert(OrgId org, Row r) {
        jdbc.sql("""
                insert into perfcases_version (org_id, connection_id, service, version, first_seen_at, last_seen_at, summary)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
                on conflict (org_id, connection_id, service, version) do update set
                    first_seen_at = least(perfcases_version.first_seen_at, excluded.first_seen_at),
                    last_seen_at = greatest(perfcases_version.last_seen_at, excluded.last_seen_at),
                    summary = excluded.summary""")
                .params(org.value(), r.connectionId(), r.service(), r.version(), Timestamp.from(r.firstSeenAt()),
                        Timestamp.from(r.lastSeenAt()), json.writeValueAsString(r.summary()))
                .update();
    }

    List<Row> list(OrgId org, UUID connectionId) {
        return jdbc.sql("""
                select connection_id, service, version, first_seen_at, last_seen_at, summary::text as summary
                from perfcases_version where org_id = ? and connection_id = ? order by service, first_seen_at, version""")
                .params(org.value(), connectionId)
                .query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        json.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() {})))
                .list();
    }
}

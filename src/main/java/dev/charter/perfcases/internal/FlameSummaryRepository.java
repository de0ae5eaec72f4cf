package dev.charter.perfcases.internal;

import dev.charter.perfcases.ProfileSource;
import dev.charter.perfcases.ProfileSummary;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code perfcases_flame_summary} table: one flame summary per case, source, connection and version. */
@Repository
class FlameSummaryRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FlameSummaryRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Keeps {@code s}, replacing the summary of the same case, source, connection and version. */
    void put(OrgId org, UUID caseId, ProfileSummary s, UUID readBy) {
        jdbc.sql("""
                insert into perfcases_flame_summary (id, org_id, case_id, connection_id, source, version, profile_type, unit,
                    total, frames, window_start, window_end, read_at, read_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)
                on conflict (org_id, case_id, source, connection_id, version) do update set id = excluded.id,
                    profile_type = excluded.profile_type, unit = excluded.unit, total = excluded.total,
                    frames = excluded.frames, window_start = excluded.window_start, window_end = excluded.window_end,
                    read_at = excluded.read_at, read_by = excluded.read_by""")
                .params(s.id(), org.value(), caseId, s.connectionId(), s.source().name(), s.version(), s.profileType(),
                        s.unit(), s.total(), json.writeValueAsString(s.frames()), ts(s.windowStart()), ts(s.windowEnd()),
                        ts(s.readAt()), readBy)
                .update();
    }

    List<ProfileSummary> list(OrgId org, UUID caseId) {
        return jdbc.sql("""
                select id, connection_id, source, version, profile_type, unit, total, frames::text as frames, window_start,
                       window_end, read_at
                from perfcases_flame_summary where org_id = ? and case_id = ? order by read_at, source, version""")
                .params(org.value(), caseId)
                .query((rs, i) -> new ProfileSummary(rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class),
                        ProfileSource.valueOf(rs.getString("source")), rs.getString("version"), rs.getString("profile_type"),
                        rs.getString("unit"), rs.getLong("total"),
                        json.readValue(rs.getString("frames"), new TypeReference<List<ProfileSummary.Frame>>() {}),
                        instant(rs.getTimestamp("window_start")), instant(rs.getTimestamp("window_end")),
                        rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

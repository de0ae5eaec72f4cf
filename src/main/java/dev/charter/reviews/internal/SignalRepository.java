package dev.charter.reviews.internal;

import dev.charter.connectors.ConnectionId;
import dev.charter.reviews.Signal;
import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for signals, sync cursors and the Reviews settings. Every method takes the organization first. */
@Repository
class SignalRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Cursor(String watermark, long signals, String lastError, Instant updatedAt) {}

    private final JdbcClient jdbc;

    SignalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores signals, updating those already stored for the same connection, kind and external id. A day's message
     * count adds to what earlier reads counted: a read starts strictly after the newest message already counted.
     */
    int upsert(OrgId org, ConnectionId connection, List<ParsedSignal> signals, Instant at) {
        int n = 0;
        for (ParsedSignal s : signals) {
            n += jdbc.sql("""
                    insert into reviews_signal (org_id, id, connection_id, source, kind, external_id, identity, occurred_at,
                                                title, facts, link, count, synced_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                    on conflict (org_id, connection_id, kind, external_id) do update set
                        identity = excluded.identity, occurred_at = excluded.occurred_at, title = excluded.title,
                        facts = excluded.facts, link = excluded.link, synced_at = excluded.synced_at,
                        count = case when excluded.kind = 'MESSAGES' then reviews_signal.count + excluded.count
                                     else excluded.count end""")
                    .params(org.value(), UUID.randomUUID(), connection.value(), s.source().name(), s.kind().name(),
                            s.externalId(), s.identity(), Timestamp.from(s.occurredAt()), s.title(),
                            JSON.writeValueAsString(s.facts()), s.link(), s.count(), Timestamp.from(at))
                    .update();
        }
        return n;
    }

    List<Signal> list(OrgId org, int limit) {
        return jdbc.sql("""
                select id, connection_id, source, kind, external_id, identity, occurred_at, title, facts::text as facts,
                       link, count
                from reviews_signal where org_id = ? order by occurred_at desc, id limit ?""")
                .params(org.value(), limit).query(SignalRepository::signal).list();
    }

    Optional<Cursor> cursor(OrgId org, ConnectionId connection, String scope) {
        return jdbc.sql("""
                select watermark, signals, last_error, updated_at from reviews_sync_cursor
                where org_id = ? and connection_id = ? and scope = ?""")
                .params(org.value(), connection.value(), scope)
                .query((rs, n) -> new Cursor(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    void saveCursor(OrgId org, ConnectionId connection, String scope, String watermark, int added, String error, Instant at) {
        jdbc.sql("""
                insert into reviews_sync_cursor (org_id, connection_id, scope, watermark, signals, last_error, updated_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (org_id, connection_id, scope) do update set
                    watermark = coalesce(excluded.watermark, reviews_sync_cursor.watermark),
                    signals = reviews_sync_cursor.signals + excluded.signals, last_error = excluded.last_error,
                    updated_at = excluded.updated_at""")
                .params(org.value(), connection.value(), scope, watermark, added, error, Timestamp.from(at)).update();
    }

    boolean emailSubjects(OrgId org) {
        return jdbc.sql("select email_subjects from reviews_settings where org_id = ?").param(org.value())
                .query(Boolean.class).optional().orElse(false);
    }

    void setEmailSubjects(OrgId org, boolean on, UUID by, Instant at) {
        jdbc.sql("""
                insert into reviews_settings (org_id, email_subjects, updated_by, updated_at) values (?, ?, ?, ?)
                on conflict (org_id) do update set email_subjects = excluded.email_subjects,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .params(org.value(), on, by, Timestamp.from(at)).update();
    }

    private static Signal signal(ResultSet rs, int n) throws SQLException {
        Map<String, Object> facts = JSON.readValue(rs.getString("facts"), new TypeReference<Map<String, Object>>() {});
        return new Signal(rs.getObject("id", UUID.class), new ConnectionId(rs.getObject("connection_id", UUID.class)),
                SignalSource.valueOf(rs.getString("source")), SignalKind.valueOf(rs.getString("kind")),
                rs.getString("external_id"), rs.getString("identity"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("title"), facts, rs.getString("link"), rs.getInt("count"));
    }
}

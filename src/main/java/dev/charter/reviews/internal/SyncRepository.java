package dev.charter.reviews.internal;

import dev.charter.connectors.ConnectionId;
import dev.charter.reviews.SignalSync;
import dev.charter.shared.OrgId;
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

/**
 * SQL of syncs (rows of {@code reviews_sync_cursor}): their schedule, state and the position of a pass in progress.
 * Every method takes the organization first. State changes are conditional updates, so one pass of a scope runs at
 * a time across nodes.
 */
@Repository
class SyncRepository {

    /** A sync as the engine reads it. */
    record Row(UUID id, OrgId org, ConnectionId connection, String scope, Integer everySeconds, String state,
               String watermark, String position, String passNewest, int passPages, long passSignals,
               Instant passStartedAt) {}

    /** A pass that has not written for this long is taken as lost (its node stopped) and may be claimed again. */
    static final Duration STALE = Duration.ofMinutes(10);

    private static final String COLUMNS = """
            id, org_id, connection_id, scope, every_seconds, state, watermark, position, pass_newest, pass_pages,
            pass_signals, pass_started_at, signals, last_error, retry_at, next_run_at, last_finished_at, updated_at""";

    private final JdbcClient jdbc;

    SyncRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The sync of a scope, created idle when new. */
    Row ensure(OrgId org, ConnectionId connection, String scope, Instant at) {
        jdbc.sql("""
                insert into reviews_sync_cursor (org_id, connection_id, scope, signals, updated_at) values (?, ?, ?, 0, ?)
                on conflict (org_id, connection_id, scope) do nothing""")
                .params(org.value(), connection.value(), scope, Timestamp.from(at)).update();
        return jdbc.sql("select " + COLUMNS + " from reviews_sync_cursor where org_id = ? and connection_id = ? and scope = ?")
                .params(org.value(), connection.value(), scope).query(SyncRepository::row).single();
    }

    Optional<Row> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from reviews_sync_cursor where org_id = ? and id = ?")
                .params(org.value(), id).query(SyncRepository::row).optional();
    }

    Optional<SignalSync> view(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from reviews_sync_cursor where org_id = ? and id = ?")
                .params(org.value(), id).query(SyncRepository::view).optional();
    }

    List<SignalSync> views(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from reviews_sync_cursor where org_id = ? order by connection_id, scope")
                .param(org.value()).query(SyncRepository::view).list();
    }

    void setSchedule(OrgId org, UUID id, Integer everySeconds, Instant nextRun, Instant at) {
        jdbc.sql("update reviews_sync_cursor set every_seconds = ?, next_run_at = ?, updated_at = ? where org_id = ? and id = ?")
                .params(everySeconds, nextRun == null ? null : Timestamp.from(nextRun), Timestamp.from(at), org.value(), id)
                .update();
    }

    /** Marks an idle, failed or lost sync queued; false when a pass is already queued, running or waiting. */
    boolean markQueued(OrgId org, UUID id, Instant at) {
        return jdbc.sql("""
                update reviews_sync_cursor set state = 'QUEUED', updated_at = ?
                where org_id = ? and id = ? and (state in ('IDLE', 'FAILED') or updated_at < ?)""")
                .params(Timestamp.from(at), org.value(), id, Timestamp.from(at.minus(STALE))).update() == 1;
    }

    /**
     * Claims the sync for one pass: from any state but a live {@code RUNNING}. A pass with no position starts anew.
     *
     * @return the row as claimed, or empty when another pass runs
     */
    Optional<Row> claim(OrgId org, UUID id, Instant at) {
        int n = jdbc.sql("""
                update reviews_sync_cursor set state = 'RUNNING', retry_at = null, updated_at = ?,
                    pass_started_at = case when position is null then ? else pass_started_at end,
                    pass_pages = case when position is null then 0 else pass_pages end,
                    pass_signals = case when position is null then 0 else pass_signals end,
                    pass_newest = case when position is null then null else pass_newest end
                where org_id = ? and id = ? and (state <> 'RUNNING' or updated_at < ?)""")
                .params(Timestamp.from(at), Timestamp.from(at), org.value(), id, Timestamp.from(at.minus(STALE))).update();
        return n == 1 ? find(org, id) : Optional.empty();
    }

    /** Records a stored page: where the next page starts (null: the pass is complete), in the page's transaction. */
    void pageDone(OrgId org, UUID id, String nextPosition, String passNewest, int stored, Instant at) {
        jdbc.sql("""
                update reviews_sync_cursor set position = ?, pass_newest = ?, pass_pages = pass_pages + 1,
                    pass_signals = pass_signals + ?, signals = signals + ?, updated_at = ?
                where org_id = ? and id = ?""")
                .params(nextPosition, passNewest, stored, stored, Timestamp.from(at), org.value(), id).update();
    }

    /** The pass is complete: the watermark moves to the newest update it saw, and the next run is planned. */
    void passDone(OrgId org, UUID id, Instant at) {
        jdbc.sql("""
                update reviews_sync_cursor set watermark = coalesce(pass_newest, watermark), position = null,
                    state = 'IDLE', last_error = null, retry_at = null, last_finished_at = ?, updated_at = ?,
                    next_run_at = case when every_seconds is null then null else ?::timestamptz + make_interval(secs => every_seconds) end
                where org_id = ? and id = ?""")
                .params(Timestamp.from(at), Timestamp.from(at), Timestamp.from(at), org.value(), id).update();
    }

    /** The provider asked to wait: the pass keeps its position and goes on at {@code retryAt}. */
    void waiting(OrgId org, UUID id, Instant retryAt, String reason, Instant at) {
        jdbc.sql("""
                update reviews_sync_cursor set state = 'WAITING', retry_at = ?, last_error = ?, updated_at = ?
                where org_id = ? and id = ?""")
                .params(Timestamp.from(retryAt), cut(reason), Timestamp.from(at), org.value(), id).update();
    }

    /** The pass failed: it keeps its position; a scheduled sync tries again at its next run. */
    void failed(OrgId org, UUID id, String error, Instant at) {
        jdbc.sql("""
                update reviews_sync_cursor set state = 'FAILED', last_error = ?, updated_at = ?,
                    next_run_at = case when every_seconds is null then null else ?::timestamptz + make_interval(secs => every_seconds) end
                where org_id = ? and id = ?""")
                .params(cut(error), Timestamp.from(at), Timestamp.from(at), org.value(), id).update();
    }

    /** Scheduled syncs whose next run is due and that no pass holds, oldest due first. */
    List<Row> due(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from reviews_sync_cursor where every_seconds is not null and next_run_at <= ?"
                        + " and (state in ('IDLE', 'FAILED') or updated_at < ?) order by next_run_at limit ?")
                .params(Timestamp.from(now), Timestamp.from(now.minus(STALE)), limit).query(SyncRepository::row).list();
    }

    int delete(OrgId org, UUID id) {
        return jdbc.sql("delete from reviews_sync_cursor where org_id = ? and id = ?").params(org.value(), id).update();
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Integer every = rs.getObject("every_seconds") == null ? null : rs.getInt("every_seconds");
        return new Row(rs.getObject("id", UUID.class), new OrgId(rs.getObject("org_id", UUID.class)),
                new ConnectionId(rs.getObject("connection_id", UUID.class)), rs.getString("scope"), every,
                rs.getString("state"), rs.getString("watermark"), rs.getString("position"), rs.getString("pass_newest"),
                rs.getInt("pass_pages"), rs.getLong("pass_signals"), instant(rs, "pass_started_at"));
    }

    private static SignalSync view(ResultSet rs, int n) throws SQLException {
        Integer every = rs.getObject("every_seconds") == null ? null : rs.getInt("every_seconds");
        return new SignalSync(rs.getObject("id", UUID.class), new ConnectionId(rs.getObject("connection_id", UUID.class)),
                rs.getString("scope"), every == null ? null : Duration.ofSeconds(every), rs.getString("state"),
                rs.getLong("signals"), rs.getInt("pass_pages"), rs.getLong("pass_signals"), rs.getString("position") != null,
                rs.getString("last_error"), instant(rs, "retry_at"), instant(rs, "next_run_at"),
                instant(rs, "last_finished_at"), instant(rs, "updated_at"));
    }
}

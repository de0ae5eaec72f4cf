package dev.charter.audit.internal;

import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the audit tables as the application role. Queries of one organization's trail take the
 * {@link OrgId} first; the chain and checkpoint queries are global on purpose (the chain is one
 * for all organizations) and are used only by verification, signing and export.
 */
@Repository
public class AuditRepository {

    static final int BATCH = 2000;
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};
    private static final String COLUMNS = "id, prev_hash, hash, occurred_at, org_id, actor, subject, action, target, details::text";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AuditRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A filter over one organization's trail; null fields do not filter. */
    public record Filter(String actionPrefix, Instant from, Instant toExclusive) {}

    /** The distinct action names of an organization's events, in order, at most 1,000. */
    public List<String> actions(OrgId org) {
        return jdbc.sql("select distinct action from audit_event where org_id = ? order by action limit 1000")
                .param(org.value()).query(String.class).list();
    }

    /** Up to {@code limit} of an organization's events, newest first, after skipping {@code offset}. */
    public List<ChainRow> page(OrgId org, Filter f, long offset, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from audit_event
                where org_id = :org
                  and (cast(:prefix as text) is null or starts_with(action, cast(:prefix as text)))
                  and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
                  and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))
                order by id desc
                limit :limit offset :offset""")
                .param("org", org.value())
                .param("prefix", f.actionPrefix())
                .param("from", utc(f.from()))
                .param("to", utc(f.toExclusive()))
                .param("limit", limit)
                .param("offset", offset)
                .query(this::row).list();
    }

    /** The id range of an organization's events in a time window, if it has any. */
    public Optional<long[]> idRange(OrgId org, Instant from, Instant toExclusive) {
        return jdbc.sql("""
                select min(id), max(id) from audit_event
                where org_id = :org
                  and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
                  and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))""")
                .param("org", org.value())
                .param("from", utc(from))
                .param("to", utc(toExclusive))
                .query((rs, i) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)})
                .optional();
    }

    /** Walks the chain from {@code fromId} to {@code toId} (inclusive) in id order, a batch at a time. */
    public void walk(long fromId, long toId, Consumer<ChainRow> sink) {
        long after = fromId - 1;
        while (after < toId) {
            List<ChainRow> batch = jdbc.sql("select " + COLUMNS + " from audit_event where id > ? and id <= ? order by id limit ?")
                    .params(after, toId, BATCH).query(this::row).list();
            if (batch.isEmpty()) {
                return;
            }
            batch.forEach(sink);
            after = batch.get(batch.size() - 1).id();
        }
    }

    /** Where the kept chain begins: the last purge's anchor, or the genesis. */
    public ChainVerifier.Anchor anchor() {
        return jdbc.sql("select purged_through, last_hash from audit_purge order by purged_through desc limit 1")
                .query((rs, i) -> new ChainVerifier.Anchor(rs.getLong(1), rs.getBytes(2))).optional()
                .orElse(ChainVerifier.Anchor.GENESIS);
    }

    public long lastId() {
        return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    public Optional<byte[]> hashAt(long id) {
        return jdbc.sql("select hash from audit_event where id = ?").param(id).query((rs, i) -> rs.getBytes(1)).optional();
    }

    public List<Checkpoint> checkpoints(long fromId, long toId) {
        return jdbc.sql("""
                select last_id, last_hash, signed_at, key_id, signature from audit_checkpoint
                where last_id >= ? and last_id <= ? order by last_id, id""")
                .params(fromId, toId).query(AuditRepository::checkpoint).list();
    }

    public Optional<Checkpoint> latestCheckpoint() {
        return jdbc.sql("select last_id, last_hash, signed_at, key_id, signature from audit_checkpoint order by last_id desc, id desc limit 1")
                .query(AuditRepository::checkpoint).optional();
    }

    /** The first checkpoint at or after a row, to extend an export to a signed end. */
    public Optional<Long> firstCheckpointFrom(long id) {
        return jdbc.sql("select min(last_id) from audit_checkpoint where last_id >= ?").param(id)
                .query((rs, i) -> rs.getObject(1) == null ? null : rs.getLong(1)).optional();
    }

    void insertCheckpoint(Checkpoint cp) {
        jdbc.sql("insert into audit_checkpoint (last_id, last_hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?)")
                .params(cp.lastId(), cp.lastHash(), utc(cp.signedAt()), cp.keyId(), cp.signature()).update();
    }

    public int retentionMonths() {
        return jdbc.sql("select months from audit_retention").query(Integer.class).single();
    }

    void setRetentionMonths(int months) {
        jdbc.sql("update audit_retention set months = ?, updated_at = now()").param(months).update();
    }

    private ChainRow row(ResultSet rs, int i) throws SQLException {
        return new ChainRow(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getObject(5, UUID.class), rs.getBytes(6), rs.getBytes(7), rs.getString(8), rs.getString(9),
                json.readValue(rs.getString(10), DETAILS));
    }

    private static Checkpoint checkpoint(ResultSet rs, int i) throws SQLException {
        return new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getBytes(5));
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

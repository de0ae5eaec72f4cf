package dev.charter.audit.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Appends events to the one global hash chain. Under a transaction-scoped advisory lock it reads
 * the last row (or the purge anchor), computes the new row's hash in Java and inserts it, so
 * concurrent writers on every node keep one unbroken chain. The lock is held until the caller's
 * transaction ends: an event is kept only if the change it describes is, and a rolled-back event
 * leaves no gap.
 */
@Component
class JdbcAuditLog implements AuditLog {

    /** Advisory lock key of the chain's tail (any constant shared by every node). */
    static final long CHAIN_LOCK = 7305206001L;
    static final int MAX_ACTION = 200;
    static final int MAX_TARGET = 500;
    static final int MAX_DETAILS = 20;
    static final int MAX_KEY = 100;
    static final int MAX_VALUE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ObjectMapper json;
    private final AuditKeys keys;
    private final Clock clock;

    JdbcAuditLog(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json, AuditKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void record(AuditEvent e) {
        append(List.of(e));
    }

    /**
     * Appends events in order, in the caller's transaction, under one hold of the chain's lock: one read of the
     * tail and one batched insert however many events there are.
     */
    void append(List<AuditEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        jdbc.sql("select 1 from pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query(Integer.class).single();
        ChainVerifier.Anchor tail = tail();
        long id = tail.id();
        byte[] prev = tail.hash();
        for (AuditEvent e : events) {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String action = clean(e.action(), MAX_ACTION);
            Map<String, String> details = details(e.details());
            byte[] actor = keys.pseudonym(e.actor());
            byte[] subject = keys.pseudonym(e.subject());
            java.util.UUID org = e.org() == null ? null : e.org().value();
            String target = clean(e.target(), MAX_TARGET);
            id++;
            ChainRow row = new ChainRow(id, prev, null, at, org, actor, subject, action, target, details);
            byte[] hash = ChainLink.hashOf(id, prev, row.contentDigest());
            rows.add(new Object[] {id, prev, hash, at.atOffset(java.time.ZoneOffset.UTC), org, actor, subject, action,
                    target, json.writeValueAsString(details)});
            prev = hash;
        }
        batch.batchUpdate("""
                insert into audit_event (id, prev_hash, hash, occurred_at, org_id, actor, subject, action, target, details)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""", rows);
    }

    /** The last row of the chain, else where the last purge left it, else the genesis. */
    private ChainVerifier.Anchor tail() {
        return jdbc.sql("select id, hash from audit_event order by id desc limit 1")
                .query((rs, i) -> new ChainVerifier.Anchor(rs.getLong(1), rs.getBytes(2))).optional()
                .or(() -> jdbc.sql("select purged_through, last_hash from audit_purge order by purged_through desc limit 1")
                        .query((rs, i) -> new ChainVerifier.Anchor(rs.getLong(1), rs.getBytes(2))).optional())
                .orElse(ChainVerifier.Anchor.GENESIS);
    }

    private static Map<String, String> details(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var entry : new TreeMap<>(in).entrySet()) {
            if (out.size() == MAX_DETAILS) {
                out.put("truncated", "more details were dropped");
                break;
            }
            String key = clean(entry.getKey(), MAX_KEY);
            out.put(key, entry.getValue() == null ? "" : clean(entry.getValue(), MAX_VALUE));
        }
        return out;
    }

    /**
     * What is hashed is exactly what PostgreSQL stores: text cannot hold NUL, and fields are capped
     * so one event cannot bloat the log. Cut on a code point boundary.
     */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        // a lone surrogate becomes '?' here exactly as on its way to the database
        String t = new String(s.replace('\u0000', '\uFFFD').getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, max - 1)) + "…";
    }
}

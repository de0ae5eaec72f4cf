package dev.charter.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.charter.storage.DatabaseTarget;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The canary harness: plant unique strings, run a flow, then search everywhere they could leak —
 * every text, varchar, char, json, jsonb, uuid and bytea column of every table (bytea searched for
 * the UTF-8 bytes and for the hex-encoded text of the needle), the log output captured since
 * {@link #start}, and the outbound requests in {@link OutboundCapture} — and fail naming the exact
 * place (table.column and row key, log line, request and part).
 *
 * <pre>
 * try (Canary canary = Canary.start(databaseTarget)) {
 *     String secret = canary.plant("api-key");
 *     ... run the flow ...
 *     canary.assertNowhere(secret);
 * }
 * </pre>
 */
public final class Canary implements AutoCloseable {

    private static final SecureRandom random = new SecureRandom();

    /** A place a needle was found. */
    public record Hit(String where, String detail) {
        @Override
        public String toString() {
            return where + " (" + detail + ")";
        }
    }

    private final JdbcClient owner;
    private final SingleConnectionDataSource dataSource;
    private final CapturingAppender appender = new CapturingAppender();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger charter = (Logger) LoggerFactory.getLogger("dev.charter");
    private final Level charterLevel;
    private final int outboundMark;

    private Canary(DatabaseTarget db) {
        // one connection for the canary's life: each new one costs a SCRAM handshake, and a search asks hundreds of questions
        var ds = new SingleConnectionDataSource(db.url(), db.ownerUser(), db.ownerPassword() == null ? "" : db.ownerPassword(), true);
        this.dataSource = ds;
        this.owner = JdbcClient.create(ds);
        this.charterLevel = charter.getLevel();
        charter.setLevel(Level.DEBUG); // what an operator who turns on debug logging would see
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        this.outboundMark = OutboundCapture.recordedCount();
    }

    /** Starts capturing logs; searches the database as its owner (nothing the application role hides escapes). */
    public static Canary start(DatabaseTarget db) {
        return new Canary(db);
    }

    /** A unique string that occurs nowhere by chance. */
    public String plant(String label) {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "cnry-" + label + "-" + HexFormat.of().formatHex(b);
    }

    /** Every place {@code needle} occurs. */
    public List<Hit> find(String needle) {
        return findAll(List.of(needle)).get(needle);
    }

    /** Every place each needle occurs, searching each column once for all of them. */
    public Map<String, List<Hit>> findAll(List<String> needles) {
        Map<String, List<Hit>> hits = databaseAll(needles);
        for (String n : hits.keySet()) {
            hits.get(n).addAll(logs(n));
            hits.get(n).addAll(outbound(n));
        }
        return hits;
    }

    /** Every table and column (as "table.column") holding {@code needle}. */
    public List<Hit> database(String needle) {
        return databaseAll(List.of(needle)).get(needle);
    }

    /**
     * Every table and column holding each needle. Each column is read once, its text form computed once per row
     * and compared with every needle (as text; for bytea as UTF-8 bytes and their hex forms), so the cost of a
     * search grows with the size of the database, not with the size times the number of needles.
     */
    public Map<String, List<Hit>> databaseAll(List<String> needles) {
        Map<String, List<Hit>> hits = new java.util.LinkedHashMap<>();
        needles.forEach(n -> hits.put(n, new ArrayList<>()));
        if (needles.isEmpty()) {
            return hits;
        }
        String[] text = needles.toArray(String[]::new);
        List<byte[]> patterns = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (String n : needles) {
            String hex = HexFormat.of().formatHex(n.getBytes(StandardCharsets.UTF_8));
            for (String form : List.of(n, hex, hex.toUpperCase(java.util.Locale.ROOT))) {
                patterns.add(form.getBytes(StandardCharsets.UTF_8));
                owners.add(n);
            }
        }
        Map<String, String> keys = new java.util.HashMap<>();
        int limit = 5 * patterns.size();
        try (var conn = dataSource.getConnection()) {
            for (var c : columns()) {
                String table = c.get("table_name").toString();
                String column = c.get("column_name").toString();
                boolean bytea = "bytea".equals(c.get("data_type"));
                String key = keys.computeIfAbsent(table, this::keyExpression);
                // "offset 0" keeps the row's text form computed once, before the join with the needles
                String sql = bytea
                        ? "select s.k, p.i from (select " + key + " as k, \"" + column + "\" as v from \"" + table
                                + "\" where \"" + column + "\" is not null offset 0) s join unnest(?) with ordinality as p(n, i)"
                                + " on position(p.n in s.v) > 0 limit " + limit
                        : "select s.k, p.i from (select " + key + " as k, \"" + column + "\"::text as v from \"" + table
                                + "\" where \"" + column + "\" is not null offset 0) s join unnest(?::text[]) with ordinality as p(n, i)"
                                + " on strpos(s.v, p.n) > 0 limit " + limit;
                try (var st = conn.prepareStatement(sql)) {
                    st.setArray(1, bytea ? conn.createArrayOf("bytea", patterns.toArray(byte[][]::new)) : conn.createArrayOf("text", text));
                    try (var rs = st.executeQuery()) {
                        while (rs.next()) {
                            int i = (int) rs.getLong(2) - 1;
                            String needle = bytea ? owners.get(i) : text[i];
                            List<Hit> list = hits.get(needle);
                            Hit h = new Hit(table + "." + column, "row " + rs.getString(1));
                            if (!list.contains(h)) {
                                list.add(h);
                            }
                        }
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database search failed", e);
        }
        return hits;
    }

    public List<Hit> logs(String needle) {
        List<Hit> hits = new ArrayList<>();
        List<String> lines = appender.lines;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                hits.add(new Hit("log line " + (i + 1), abbreviate(lines.get(i))));
            }
        }
        return hits;
    }

    public List<Hit> outbound(String needle) {
        List<Hit> hits = new ArrayList<>();
        List<OutboundCapture.CapturedRequest> all = OutboundCapture.since(outboundMark);
        for (int i = 0; i < all.size(); i++) {
            var r = all.get(i);
            String name = "outbound request " + (i + 1) + " " + r.method() + " " + r.uri();
            if (r.uri() != null && r.uri().contains(needle)) {
                hits.add(new Hit(name, "URI"));
            }
            if (r.headers() != null) {
                r.headers().forEach((h, values) -> values.stream().filter(v -> v.contains(needle))
                        .forEach(v -> hits.add(new Hit(name, "header " + h))));
            }
            if (r.body() != null && r.body().contains(needle)) {
                hits.add(new Hit(name, "body"));
            }
        }
        return hits;
    }

    /** Fails, naming every place, if any needle is found anywhere. */
    public void assertNowhere(String... needles) {
        assertNowhereExcept(Set.of(), needles);
    }

    /** As {@link #assertNowhere}, but hits in the named tables ("table" or "table.column") are allowed. */
    public void assertNowhereExcept(Set<String> allowed, String... needles) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Hit>> found = findAll(List.of(needles));
        for (String n : needles) {
            for (Hit h : found.get(n)) {
                String table = h.where().contains(".") ? h.where().substring(0, h.where().indexOf('.')) : h.where();
                if (!allowed.contains(h.where()) && !allowed.contains(table)) {
                    problems.add("'" + n + "' found in " + h);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Canary leaked:\n  " + String.join("\n  ", problems));
        }
    }

    /** Captured log lines so far. */
    public List<String> logLines() {
        return List.copyOf(appender.lines);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        charter.setLevel(charterLevel);
        dataSource.destroy();
    }

    private List<Map<String, Object>> columns() {
        return owner.sql("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'uuid')
                order by 1, 2""").query().listOfRows();
    }

    /** The primary key of a table as a text expression ("col=value, ..."), or ctid without one. */
    private String keyExpression(String table) {
        List<String> pk = owner.sql("""
                select a.attname from pg_index i
                join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                where i.indrelid = ('public.' || quote_ident(?))::regclass and i.indisprimary order by a.attnum""")
                .param(table).query(String.class).list();
        if (pk.isEmpty()) {
            return "'ctid=' || ctid::text";
        }
        return pk.stream().map(k -> "'" + k + "=' || coalesce(\"" + k + "\"::text, 'null')")
                .collect(Collectors.joining(" || ', ' || "));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static final class CapturingAppender extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                b.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            e.getMDCPropertyMap().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            lines.add(b.toString());
        }
    }
}

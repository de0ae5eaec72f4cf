package dev.charter.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Searches every column of every table that could hold text (text, varchar, char, jsonb, json,
 * bytea, uuid) for a string, as the database owner, so nothing the application role cannot see
 * escapes the search. Answers "table.column (n rows)" for each hit.
 */
public class DatabaseScan {

    private final JdbcClient owner;
    private final javax.sql.DataSource ds;

    public DatabaseScan(dev.charter.storage.DatabaseTarget t) {
        this.ds = new org.springframework.jdbc.datasource.DriverManagerDataSource(t.url(), t.ownerUser(),
                t.ownerPassword() == null ? "" : t.ownerPassword());
        this.owner = JdbcClient.create(ds);
    }

    public record Column(String table, String column, String type) {}

    public List<Column> columns() {
        return owner.sql("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'uuid')
                order by 1, 2""").query((rs, i) -> new Column(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Every column that contains {@code needle} (as text, as UTF-8 bytes, or hex-encoded). */
    public List<String> find(String needle) {
        // one connection for the whole search: it asks a question per column, and each new connection costs a SCRAM
        // handshake
        try (java.sql.Connection connection = ds.getConnection()) {
            return find(needle, JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true)));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database search failed", e);
        }
    }

    private List<String> find(String needle, JdbcClient owner) {
        List<String> hits = new ArrayList<>();
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        for (Column c : columns()) {
            String q = c.type().equals("bytea")
                    ? "select count(*) from \"%s\" where position(?::bytea in \"%s\") > 0 or encode(\"%s\", 'hex') like '%%' || ? || '%%'"
                            .formatted(c.table(), c.column(), c.column())
                    : "select count(*) from \"%s\" where \"%s\"::text like '%%' || ? || '%%'".formatted(c.table(), c.column());
            long n = c.type().equals("bytea")
                    ? owner.sql(q).params(needle.getBytes(StandardCharsets.UTF_8), hex).query(Long.class).single()
                    : owner.sql(q).param(escapeLike(needle)).query(Long.class).single();
            if (n > 0) {
                hits.add(c.table() + "." + c.column() + " (" + n + " rows)");
            }
        }
        return hits;
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

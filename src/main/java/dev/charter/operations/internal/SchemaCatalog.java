package dev.charter.operations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the backup needs to know of Charter's schema, read from PostgreSQL's catalog on the connection's
 * current schema: the tables in an order where every table comes after the tables its foreign keys
 * point to, their stored columns, the sequences, and the migration version.
 */
final class SchemaCatalog {

    static final String MIGRATIONS = "flyway_schema_history";

    /** A table and the columns a COPY carries (generated columns are computed again on restore). */
    record Table(String name, List<String> columns) {}

    private SchemaCatalog() {}

    static List<Table> tables(Connection c) throws SQLException {
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select c.relname from pg_class c
                     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
                       and not c.relispartition and c.relname <> 'flyway_schema_history'
                     order by c.relname""")) {
            while (rs.next()) {
                dependsOn.put(rs.getString(1), new LinkedHashSet<>());
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select src.relname, dst.relname from pg_constraint k
                     join pg_class src on src.oid = k.conrelid join pg_class dst on dst.oid = k.confrelid
                     where k.contype = 'f' and k.connamespace = current_schema()::regnamespace""")) {
            while (rs.next()) {
                Set<String> deps = dependsOn.get(rs.getString(1));
                if (deps != null && !rs.getString(1).equals(rs.getString(2))) {
                    deps.add(rs.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < dependsOn.size()) {
            boolean progress = false;
            for (var e : dependsOn.entrySet()) {
                if (!placed.contains(e.getKey()) && placed.containsAll(e.getValue().stream().filter(dependsOn::containsKey).toList())) {
                    placed.add(e.getKey());
                    ordered.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("Foreign keys form a cycle among " + dependsOn.keySet().stream()
                        .filter(t -> !placed.contains(t)).toList() + "; a backup cannot order them.");
            }
        }
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select a.attname from pg_attribute a
                where a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
                  and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                order by a.attnum""")) {
            for (String t : ordered) {
                ps.setString(1, t);
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                tables.add(new Table(t, columns));
            }
        }
        return tables;
    }

    /** Every sequence of the schema and the value its next call continues from (null: never used). */
    static Map<String, Long> sequences(Connection c) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select sequencename, last_value from pg_sequences where schemaname = current_schema()
                     order by sequencename""")) {
            while (rs.next()) {
                long v = rs.getLong(2);
                values.put(rs.getString(1), rs.wasNull() ? null : v);
            }
        }
        return values;
    }

    /** The version of the newest migration applied, or null on an empty schema. */
    static String schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select to_regclass(quote_ident(current_schema()) || '.flyway_schema_history') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select version from flyway_schema_history where success and version is not null
                     order by installed_rank desc limit 1""")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Drops every table, view, sequence and function of the schema (the schema itself and extensions stay). */
    static void dropEverything(Connection c) throws SQLException {
        List<String> drops = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select case c.relkind when 'v' then 'drop view if exists ' when 'm' then 'drop materialized view if exists '
                                 when 'S' then 'drop sequence if exists ' else 'drop table if exists ' end
                            || c.oid::regclass::text || ' cascade'
                     from pg_class c
                     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
                     union all
                     select 'drop function if exists ' || p.oid::regprocedure::text || ' cascade'
                     from pg_proc p where p.pronamespace = current_schema()::regnamespace""")) {
            while (rs.next()) {
                drops.add(rs.getString(1));
            }
        }
        try (Statement st = c.createStatement()) {
            for (String d : drops) {
                st.execute(d);
            }
        }
    }
}

package dev.charter.vault;

import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Helpers for vault tests: organizations, the database owner's view, a master key file of their own. */
public final class VaultTestSupport {

    private VaultTestSupport() {}

    public static OrgId newOrg(JdbcClient jdbc) {
        OrgId org = OrgId.random();
        jdbc.sql("insert into identity_organization (id, name) values (?, ?)").params(org.value(), "Org " + org).update();
        return org;
    }

    /** A JdbcClient connected as the owner of the tables (what an attacker with database access has). */
    public static JdbcClient asOwner(DatabaseTarget db) {
        try {
            Connection c = DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
            return JdbcClient.create(new SingleConnectionDataSource(c, true));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the test context a master key file in a fresh folder, instead of the shared data folder. */
    public static Path ownMasterKeyFile(DynamicPropertyRegistry registry) {
        try {
            Path file = Files.createTempDirectory("charter-vault-test").resolve("keys").resolve("master.key");
            registry.add("charter.master-key-file", file::toString);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every column of type text, varchar, jsonb or bytea in the public schema, as "table.column". */
    public static List<String> textualColumns(JdbcClient owner) {
        return owner.sql("""
                select table_name || '.' || column_name from information_schema.columns
                where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'bytea', 'json')
                order by 1""").query(String.class).list();
    }

    /** The "table.column"s whose value contains {@code needle} (raw bytes, or their UTF-8 text form) in any row. */
    public static List<String> columnsContainingBytes(JdbcClient owner, byte[] needle) {
        List<String> hits = new ArrayList<>();
        for (String tc : textualColumns(owner)) {
            String table = tc.substring(0, tc.indexOf('.'));
            String column = tc.substring(tc.indexOf('.') + 1);
            String type = owner.sql("select data_type from information_schema.columns where table_schema = 'public' "
                    + "and table_name = ? and column_name = ?").params(table, column).query(String.class).single();
            String sql = type.equals("bytea")
                    ? "select count(*) from \"%s\" where position(? in \"%s\") > 0"
                    : "select count(*) from \"%s\" where position(? in convert_to(\"%s\"::text, 'UTF8')) > 0";
            if (owner.sql(sql.formatted(table, column)).param(needle).query(Long.class).single() > 0) {
                hits.add(tc);
            }
        }
        return hits;
    }

    /** The "table.column"s whose value contains {@code needle} (as text, or as bytes for bytea) in any row. */
    public static List<String> columnsContaining(JdbcClient owner, String needle) {
        List<String> hits = new ArrayList<>();
        for (String tc : textualColumns(owner)) {
            String table = tc.substring(0, tc.indexOf('.'));
            String column = tc.substring(tc.indexOf('.') + 1);
            String type = owner.sql("select data_type from information_schema.columns where table_schema = 'public' "
                    + "and table_name = ? and column_name = ?").params(table, column).query(String.class).single();
            String sql = type.equals("bytea")
                    ? "select count(*) from \"%s\" where position(convert_to(?, 'UTF8') in \"%s\") > 0"
                    : "select count(*) from \"%s\" where position(? in \"%s\"::text) > 0";
            long n = owner.sql(sql.formatted(table, column)).param(needle).query(Long.class).single();
            if (n > 0) {
                hits.add(tc);
            }
        }
        return hits;
    }
}

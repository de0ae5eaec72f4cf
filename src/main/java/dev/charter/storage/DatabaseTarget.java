package dev.charter.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database Charter uses and the three roles it uses it with: the owner (migrations), the
 * application, and the cleanup role that may only run the audit retention purge.
 *
 * <p>On the embedded server Charter creates the three roles itself, each with a generated password
 * ({@link EmbeddedRoles}); on an external one an operator does (docs/operations-database.md).
 */
public record DatabaseTarget(String url, String ownerUser, String ownerPassword,
                             String appUser, String appPassword,
                             String cleanupUser, String cleanupPassword) {

    /** The same server with a fresh, empty database (tests isolate contexts with it; the restore test and benchmark restore into one). */
    public DatabaseTarget isolatedCopy(String database) {
        try (Connection c = DriverManager.getConnection(url, ownerUser, ownerPassword); Statement st = c.createStatement()) {
            st.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + database
                    + "; the migration role needs CREATEDB", e);
        }
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String rest = query < 0 ? "" : url.substring(query);
        return new DatabaseTarget(url.substring(0, slash + 1) + database + rest, ownerUser, ownerPassword,
                appUser, appPassword, cleanupUser, cleanupPassword);
    }

    @Override
    public String toString() {
        return "DatabaseTarget[url=" + url + ", owner=" + ownerUser + ", app=" + appUser + ", cleanup=" + cleanupUser + "]";
    }
}

package dev.charter.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database Charter uses and the three roles it uses it with: the owner (migrations), the
 * application, and the cleanup role that may only run the audit retention purge.
 *
 * @param manageRoles true when Charter may create its own roles (embedded server)
 */
public record DatabaseTarget(String url, String ownerUser, String ownerPassword,
                             String appUser, String appPassword,
                             String cleanupUser, String cleanupPassword, boolean manageRoles) {

    /** The same server with a fresh, empty database (used by tests to isolate contexts). */
    DatabaseTarget isolatedCopy(String database) {
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
                appUser, appPassword, cleanupUser, cleanupPassword, manageRoles);
    }

    /**
     * Creates the application role and the cleanup role on the embedded server; an operator
     * creates them on an external one (docs/operations-database.md). Both are plain login roles:
     * what they may do is granted by the migrations.
     */
    void prepare() {
        if (!manageRoles) {
            return;
        }
        createRole(appUser);
        createRole(cleanupUser);
    }

    private void createRole(String role) {
        if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalStateException("Role name '" + role + "' must be a plain lower-case PostgreSQL identifier");
        }
        try (Connection c = DriverManager.getConnection(url, ownerUser, ownerPassword); Statement st = c.createStatement()) {
            st.execute("""
                    do $$ begin
                      if not exists (select 1 from pg_roles where rolname = '%1$s') then
                        create role %1$s login;
                      end if;
                    end $$""".formatted(role));
        } catch (SQLException e) {
            // two contexts may race to create the role; the loser sees a duplicate
            if (!"23505".equals(e.getSQLState()) && !"42710".equals(e.getSQLState())) {
                throw new IllegalStateException("Could not create the database role " + role, e);
            }
        }
    }

    @Override
    public String toString() {
        return "DatabaseTarget[url=" + url + ", owner=" + ownerUser + ", app=" + appUser + ", cleanup=" + cleanupUser + "]";
    }
}

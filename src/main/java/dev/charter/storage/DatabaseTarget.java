package dev.charter.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database Charter uses and the two roles it uses it with.
 *
 * @param manageRoles true when Charter may create its own application role (embedded server)
 */
public record DatabaseTarget(String url, String ownerUser, String ownerPassword,
                             String appUser, String appPassword, boolean manageRoles) {

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
                appUser, appPassword, manageRoles);
    }

    /** Creates the application role on the embedded server; an operator creates it on an external one. */
    void prepare() {
        if (!manageRoles) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, ownerUser, ownerPassword); Statement st = c.createStatement()) {
            st.execute("""
                    do $$ begin
                      if not exists (select 1 from pg_roles where rolname = '%1$s') then
                        create role %1$s login;
                      end if;
                    end $$""".formatted(appUser));
        } catch (SQLException e) {
            // two contexts may race to create the role; the loser sees a duplicate
            if (!"23505".equals(e.getSQLState()) && !"42710".equals(e.getSQLState())) {
                throw new IllegalStateException("Could not create the application role " + appUser, e);
            }
        }
    }

    @Override
    public String toString() {
        return "DatabaseTarget[url=" + url + ", owner=" + ownerUser + ", app=" + appUser + "]";
    }
}

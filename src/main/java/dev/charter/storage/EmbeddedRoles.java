package dev.charter.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charter's three roles on the embedded server, created and given their generated passwords as the superuser
 * at every start: the owner (owns the database and schema, runs migrations; may create databases, for tests'
 * isolated copies, and nothing more), the application role and the cleanup role. None is a superuser. A data
 * folder of an earlier version, whose tables the superuser owned, is handed to the owner role.
 */
final class EmbeddedRoles {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRoles.class);
    private static final String ROLE = "[a-z_][a-z0-9_]{0,62}";

    private EmbeddedRoles() {}

    static DatabaseTarget prepare(EmbeddedPostgresServer.Running server, DatabaseSettings s, Path keysDir) {
        String owner = role(s.ownerRole());
        String app = role(s.appRole());
        String cleanup = role(s.cleanupRole());
        String ownerPassword = EmbeddedPasswordAuth.password(keysDir, "owner");
        String appPassword = EmbeddedPasswordAuth.password(keysDir, "app");
        String cleanupPassword = EmbeddedPasswordAuth.password(keysDir, "cleanup");
        String base = "jdbc:postgresql://127.0.0.1:" + server.port() + "/";
        try (Connection c = DriverManager.getConnection(base + "postgres", EmbeddedPostgresServer.SUPERUSER,
                server.superuserPassword()); Statement st = c.createStatement()) {
            ensure(st, owner, "login createdb nosuperuser nocreaterole noreplication nobypassrls", ownerPassword);
            ensure(st, app, "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls", appPassword);
            ensure(st, cleanup, "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls", cleanupPassword);
            var rs = st.executeQuery("select 1 from pg_database where datname = 'charter'");
            if (!rs.next()) {
                st.execute("create database charter owner " + owner);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the roles of the embedded database", e);
        }
        try (Connection c = DriverManager.getConnection(base + "charter", EmbeddedPostgresServer.SUPERUSER,
                server.superuserPassword()); Statement st = c.createStatement()) {
            adoptLegacyObjects(st, owner, app);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand the embedded database's tables to the owner role " + owner, e);
        }
        return new DatabaseTarget(base + "charter", owner, ownerPassword, app, appPassword, cleanup, cleanupPassword);
    }

    private static String role(String name) {
        if (name == null || !name.matches(ROLE)) {
            throw new IllegalStateException("Role name '" + name + "' must be a plain lower-case PostgreSQL identifier");
        }
        return name;
    }

    /** Creates the role if it is missing; sets its attributes and password (as a SCRAM verifier) either way. */
    private static void ensure(Statement st, String role, String attributes, String password) throws SQLException {
        String verifier = EmbeddedPasswordAuth.verifier(password);
        try {
            st.execute("""
                    do $$ begin
                      if not exists (select 1 from pg_roles where rolname = '%1$s') then
                        create role %1$s;
                      end if;
                    end $$""".formatted(role));
        } catch (SQLException e) {
            // two contexts may race to create the role; the loser sees a duplicate
            if (!"23505".equals(e.getSQLState()) && !"42710".equals(e.getSQLState())) {
                throw e;
            }
        }
        st.execute("alter role " + role + " with " + attributes + " password '" + verifier + "'");
    }

    /**
     * Earlier versions ran migrations as the superuser, so it owns the database, its tables, sequences and
     * functions, and the default privileges of V1_0 are the superuser's. Hands all of it to the owner role.
     */
    private static void adoptLegacyObjects(Statement st, String owner, String app) throws SQLException {
        var rs = st.executeQuery("""
                select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and c.relowner = 'postgres'::regrole)
                     + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                        where n.nspname = 'public' and p.proowner = 'postgres'::regrole)
                     + (select count(*) from pg_database where datname = current_database() and datdba = 'postgres'::regrole)""");
        rs.next();
        long legacy = rs.getLong(1);
        if (legacy == 0) {
            return;
        }
        log.warn("Handing {} objects of the embedded database from the superuser to the owner role {}", legacy, owner);
        st.execute("""
                do $$
                declare r record;
                begin
                  execute format('alter database %%I owner to %1$s', current_database());
                  for r in select c.oid::regclass as rel, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname = 'public' and c.relowner = 'postgres'::regrole and c.relkind in ('r', 'p', 'v', 'm')
                  loop
                    execute format('alter %%s %%s owner to %1$s',
                        case r.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end, r.rel);
                  end loop;
                  for r in select c.oid::regclass as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname = 'public' and c.relowner = 'postgres'::regrole and c.relkind = 'S'
                  loop
                    execute format('alter sequence %%s owner to %1$s', r.rel);
                  end loop;
                  for r in select p.oid::regprocedure as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                           where n.nspname = 'public' and p.proowner = 'postgres'::regrole
                  loop
                    execute format('alter routine %%s owner to %1$s', r.fn);
                  end loop;
                end $$""".formatted(owner));
        // what V1_0 granted by default on the superuser's new tables, now on the owner's
        st.execute("alter default privileges for role " + owner + " in schema public grant select, insert, update, delete on tables to "
                + app);
        st.execute("alter default privileges for role " + owner + " in schema public grant usage, select on sequences to " + app);
        st.execute("alter default privileges for role " + owner + " in schema public grant execute on functions to " + app);
    }
}

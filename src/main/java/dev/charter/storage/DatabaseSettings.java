package dev.charter.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is. Every field maps to a {@code CHARTER_DATABASE_*} environment variable.
 *
 * @param url              JDBC URL of an external PostgreSQL 15+; empty means "start the embedded one"
 * @param user             role the application connects as (never the owner of the tables on a hardened setup)
 * @param password         that role's password (environment only, never in a file of the project)
 * @param migrationUser    role that owns the schema and runs migrations; defaults to {@code user}
 * @param migrationPassword its password
 * @param cleanupUser      role the audit retention purge connects as (may only execute the purge function);
 *                         defaults to {@code cleanupRole}
 * @param cleanupPassword  that role's password (environment only)
 * @param appRole          name of the application role that migrations grant rights to
 * @param cleanupRole      name of the cleanup role on the embedded server (Charter creates it there)
 * @param ownerRole        name of the role that owns the schema and runs migrations on the embedded server
 *                         (Charter creates it there; not a superuser)
 * @param embedded         settings of the embedded server
 */
@ConfigurationProperties("charter.database")
public record DatabaseSettings(
        String url,
        String user,
        String password,
        String migrationUser,
        String migrationPassword,
        String cleanupUser,
        String cleanupPassword,
        @DefaultValue("charter_app") String appRole,
        @DefaultValue("charter_cleanup") String cleanupRole,
        @DefaultValue("charter_owner") String ownerRole,
        @DefaultValue Embedded embedded) {

    /**
     * @param port     TCP port on 127.0.0.1 for the embedded server (0 picks a free one)
     * @param isolated give every application context a fresh database (tests)
     */
    public record Embedded(@DefaultValue("54329") int port, @DefaultValue("false") boolean isolated) {}

    public boolean external() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", migrationUser=" + migrationUser
                + ", cleanupUser=" + cleanupUser + "]";
    }
}

package dev.charter.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL server per data folder and JVM. The server outlives application
 * contexts (tests create many) and stops when the JVM exits.
 *
 * <p>Every role signs in with a password (SCRAM-SHA-256), over 127.0.0.1 and over a Unix socket alike
 * (the server opens none); the superuser's password is set before the server first accepts a
 * connection, by {@link EmbeddedPasswordAuth}, which also upgrades a data folder from an earlier version
 * that trusted every local connection. See docs/adr/0120-embedded-postgresql-password-authentication.md.
 */
final class EmbeddedPostgresServer {

    /** The bootstrap superuser initdb creates; Charter uses it only to create and update its own roles. */
    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, Running> servers = new HashMap<>();

    /** A started server and the superuser's password. */
    record Running(EmbeddedPostgres pg, String superuserPassword) {
        int port() {
            return pg.getPort();
        }

        @Override
        public String toString() {
            return "Running[port=" + pg.getPort() + "]";
        }
    }

    private EmbeddedPostgresServer() {}

    /**
     * Starts (or returns) the server of {@code dataDir}.
     *
     * @param keysDir where the generated database passwords are kept (owner-only files)
     */
    static synchronized Running start(Path dataDir, int port, Path keysDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Running running = servers.get(dir);
        if (running != null) {
            return running;
        }
        try {
            Files.createDirectories(dir);
            boolean reuse = Files.exists(dir.resolve("PG_VERSION"));
            if (reuse) {
                log.info("Starting embedded PostgreSQL in {} (existing data)", dir);
            } else {
                log.warn("Creating the embedded PostgreSQL database in {}: the first start unpacks PostgreSQL and creates "
                        + "the database, which can take a minute or more on a slow disk", dir);
            }
            EmbeddedPasswordAuth auth = new EmbeddedPasswordAuth(keysDir, workingDirectory());
            String superuserPassword = auth.superuserPassword();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(auth.workingDirectory().toFile())
                    // runs after initdb and before the server starts: password authentication for every role
                    .setDataDirectoryCustomizer((File d) -> auth.secure(d.toPath()))
                    .setConnectConfig("password", superuserPassword)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // no Unix socket: a local process reaches the server over 127.0.0.1 only, with a password
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // the library defaults to synchronous_commit=off, which acknowledges a commit before
                    // its WAL is on disk: a crash then loses runs already answered 202 (PIL-3)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            Running started = new Running(pg, superuserPassword);
            servers.put(dir, started);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir
                    + ". Check that the folder is writable and no other Charter uses it, or set CHARTER_DATABASE_URL.", e);
        }
    }

    /** Stops the server of {@code dataDir} if this JVM started it (tests of the upgrade path). */
    static synchronized void stop(Path dataDir) {
        Running running = servers.remove(dataDir.toAbsolutePath().normalize());
        if (running != null) {
            closeQuietly(running.pg());
        }
    }

    /** The superuser's password of the server this JVM started on {@code port}, for tests that play an attacker. */
    static synchronized String superuserPassword(int port) {
        return servers.values().stream().filter(r -> r.port() == port).map(Running::superuserPassword).findFirst()
                .orElse(null);
    }

    /** Where the PostgreSQL binaries are unpacked: the library's default. */
    private static Path workingDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
        }
    }
}

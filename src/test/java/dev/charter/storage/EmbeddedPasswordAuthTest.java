package dev.charter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The embedded server lets no role in without its password: not the superuser, not over 127.0.0.1, not over a
 * Unix socket (none is open); the owner that runs migrations is no superuser; a data folder of an earlier
 * version, which trusted every local connection and whose tables the superuser owned, is upgraded at start.
 */
class EmbeddedPasswordAuthTest {

    private static final DatabaseSettings SETTINGS = new DatabaseSettings(null, null, null, null, null, null, null,
            "charter_app", "charter_cleanup", "charter_owner", new DatabaseSettings.Embedded(0, false));

    @TempDir Path tmp;

    @Test
    void noRoleSignsInWithoutItsPasswordOverTcpOrASocket() throws Exception {
        Path dir = tmp.resolve("postgres");
        Path keys = tmp.resolve("keys");
        var server = EmbeddedPostgresServer.start(dir, 0, keys);
        try {
            DatabaseTarget target = EmbeddedRoles.prepare(server, SETTINGS, keys);
            String url = target.url();
            Map<String, String> logins = Map.of(EmbeddedPostgresServer.SUPERUSER, server.superuserPassword(),
                    target.ownerUser(), target.ownerPassword(), target.appUser(), target.appPassword(),
                    target.cleanupUser(), target.cleanupPassword());
            for (var login : logins.entrySet()) {
                assertRefused(url, login.getKey(), null);
                assertRefused(url, login.getKey(), "");
                assertRefused(url, login.getKey(), login.getValue() + "x");
                assertRefused(url, login.getKey(), "postgres");
                try (Connection c = DriverManager.getConnection(url, login.getKey(), login.getValue())) {
                    assertThat(c.isValid(5)).isTrue();
                }
                // what a client that sends no password at all is asked for: SCRAM, not "come in"
                assertThat(authenticationRequest(tcp(server.port()), login.getKey())).as(login.getKey()).isEqualTo(SASL);
            }
            // a role nobody created is asked for a password just the same (and then refused)
            assertThat(authenticationRequest(tcp(server.port()), "intruder")).isEqualTo(SASL);

            JdbcClient superuser = JdbcClient.create(new SingleConnectionDataSource(url, EmbeddedPostgresServer.SUPERUSER,
                    server.superuserPassword(), true));
            assertThat(superuser.sql("select rolname from pg_roles where rolsuper and rolname in (?, ?, ?)")
                    .params(target.ownerUser(), target.appUser(), target.cleanupUser()).query(String.class).list())
                    .as("no role Charter uses after the start is a superuser").isEmpty();
            assertThat(superuser.sql("select distinct auth_method from pg_hba_file_rules").query(String.class).list())
                    .containsExactly("scram-sha-256");
            assertThat(superuser.sql("select rolname from pg_authid where rolcanlogin and (rolpassword is null "
                    + "or rolpassword not like 'SCRAM-SHA-256$%')").query(String.class).list())
                    .as("every role that can log in has a SCRAM verifier").isEmpty();
            // Unix sockets: none is open; if one were, it would ask for a password too
            String socketDirs = superuser.sql("show unix_socket_directories").query(String.class).single();
            List<Path> sockets = new ArrayList<>();
            for (String d : socketDirs.split(",")) {
                if (!d.isBlank()) {
                    sockets.add(Path.of(d.trim()).resolve(".s.PGSQL." + server.port()));
                }
            }
            assertThat(sockets).as("the embedded server opens no Unix socket").isEmpty();
            // nor in the folder PostgreSQL uses when none is configured
            assertThat(Path.of(System.getProperty("java.io.tmpdir"), ".s.PGSQL." + server.port())).doesNotExist();
            for (Path socket : sockets) {
                assertThat(authenticationRequest(unix(socket), EmbeddedPostgresServer.SUPERUSER)).isEqualTo(SASL);
            }
            // the passwords are kept like the other keys: owner-only files under keys/
            try (Stream<Path> files = Files.list(keys)) {
                List<Path> all = files.toList();
                assertThat(all).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                        "database-superuser.password", "database-owner.password", "database-app.password",
                        "database-cleanup.password");
                for (Path f : all) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                }
            }
        } finally {
            EmbeddedPostgresServer.stop(dir);
        }
    }

    @Test
    void aDataFolderThatTrustedEveryLocalConnectionIsUpgradedAtStart() throws Exception {
        Path dir = tmp.resolve("postgres");
        Path keys = tmp.resolve("keys");
        // as an earlier version left it: trust for every local connection, tables owned by the superuser
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1").start()) {
            String admin = "jdbc:postgresql://127.0.0.1:" + legacy.getPort() + "/postgres";
            assertThat(authenticationRequest(tcp(legacy.getPort()), "postgres")).as("the old setup lets anyone in").isEqualTo(OK);
            try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement st = c.createStatement()) {
                st.execute("create role charter_app login");
                st.execute("create role charter_cleanup login");
                st.execute("create database charter");
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + legacy.getPort() + "/charter",
                    "postgres", null); Statement st = c.createStatement()) {
                st.execute("alter default privileges in schema public grant select, insert, update, delete on tables to charter_app");
                st.execute("create table legacy_note (id bigint generated always as identity primary key, note text)");
                st.execute("insert into legacy_note (note) values ('kept')");
                st.execute("create function legacy_fn() returns int language sql as 'select 1'");
            }
        }

        var server = EmbeddedPostgresServer.start(dir, 0, keys);
        try {
            DatabaseTarget target = EmbeddedRoles.prepare(server, SETTINGS, keys);
            assertThat(authenticationRequest(tcp(server.port()), "postgres")).isEqualTo(SASL);
            assertRefused(target.url(), "postgres", null);
            assertRefused(target.url(), target.appUser(), null);
            assertRefused(target.url(), target.ownerUser(), "wrong");
            JdbcClient owner = JdbcClient.create(new SingleConnectionDataSource(target.url(), target.ownerUser(),
                    target.ownerPassword(), true));
            assertThat(owner.sql("select note from legacy_note").query(String.class).single()).isEqualTo("kept");
            assertThat(owner.sql("""
                    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relowner <> current_user::regrole""").query(Long.class).single())
                    .as("every table, index and sequence now belongs to the owner role").isZero();
            assertThat(owner.sql("select pg_get_userbyid(proowner) from pg_proc where proname = 'legacy_fn'")
                    .query(String.class).single()).isEqualTo(target.ownerUser());
            assertThat(owner.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single())
                    .isFalse();
            // the owner can run a migration, and the application can use what it creates
            owner.sql("alter table legacy_note add column extra text").update();
            owner.sql("create table after_upgrade (id int primary key)").update();
            JdbcClient app = JdbcClient.create(new SingleConnectionDataSource(target.url(), target.appUser(),
                    target.appPassword(), true));
            assertThat(app.sql("insert into after_upgrade values (1)").update()).isEqualTo(1);
            assertThat(app.sql("insert into legacy_note (note) values ('new')").update()).isEqualTo(1);
        } finally {
            EmbeddedPostgresServer.stop(dir);
        }

        // a second start keeps the passwords and the rules
        var again = EmbeddedPostgresServer.start(dir, 0, keys);
        try {
            DatabaseTarget target = EmbeddedRoles.prepare(again, SETTINGS, keys);
            assertRefused(target.url(), "postgres", null);
            try (Connection c = DriverManager.getConnection(target.url(), target.appUser(), target.appPassword())) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(Files.readString(dir.resolve("pg_hba.conf"))).startsWith(EmbeddedPasswordAuth.HBA_MARKER)
                    .doesNotContain("trust");
        } finally {
            EmbeddedPostgresServer.stop(dir);
        }
    }

    private static void assertRefused(String url, String user, String password) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                c.isValid(5);
            }
        });
        assertThat((Object) e).as("%s with password %s must be refused", user, password == null ? "(none)" : "(wrong)").isNotNull();
        // 28P01: password authentication failed; 08004: the server asked for a password the client did not have
        assertThat(e.getSQLState()).as(e.getMessage()).isIn("28P01", "08004");
    }

    private static final int OK = 0;
    private static final int SASL = 10;

    private static java.nio.channels.SocketChannel tcp(int port) throws IOException {
        return java.nio.channels.SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    private static java.nio.channels.SocketChannel unix(Path socket) throws IOException {
        return java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /**
     * Sends a PostgreSQL startup message with no password and answers what the server asks for: 0 for "you are in",
     * 10 for SCRAM, -1 for an error.
     */
    private static int authenticationRequest(java.nio.channels.SocketChannel ch, String user) throws IOException {
        try (ch) {
            byte[] params = ("user\0" + user + "\0database\0postgres\0\0").getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(8 + params.length);
            out.putInt(8 + params.length).putInt(196608).put(params).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer in = ByteBuffer.allocate(9);
            while (in.position() < 5) {
                if (ch.read(in) < 0) {
                    return -1;
                }
            }
            if (in.get(0) != 'R') {
                return -1;
            }
            while (in.position() < 9) {
                if (ch.read(in) < 0) {
                    return -1;
                }
            }
            return in.getInt(5);
        }
    }
}

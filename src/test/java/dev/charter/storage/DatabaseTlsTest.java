package dev.charter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPS-2: an external database is reached only over TLS with the server's certificate and host name
 * verified, unless the operator allowed less in so many words. A real PostgreSQL with a certificate
 * from a test certificate authority (made with openssl) serves {@code localhost}; the tests connect
 * through the URL Charter builds.
 */
@Tag("claim:OPS-2")
class DatabaseTlsTest {

    @TempDir static Path dir;
    static EmbeddedPostgres server;
    static Path ca;
    static Path rogueCa;

    @BeforeAll
    static void startServerWithTestCertificates() throws Exception {
        ca = dir.resolve("ca.crt");
        rogueCa = dir.resolve("rogue-ca.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Charter test CA",
                "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Charter test CA",
                "-keyout", dir.resolve("rogue-ca.key").toString(), "-out", rogueCa.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", ca.toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", dir.resolve("san.ext").toString(), "-out", dir.resolve("server.crt").toString());
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    static String url(String host) {
        return "jdbc:postgresql://" + host + ":" + server.getPort() + "/postgres";
    }

    @Test
    void aVerifiedConnectionWorksAndIsEncrypted() throws SQLException {
        String url = DatabaseTls.secure(url("localhost"), new DatabaseTlsSettings(ca.toString(), false));
        assertThat(url).contains("sslmode=verify-full").contains("sslrootcert=");
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() {
        String url = DatabaseTls.secure(url("127.0.0.1"), new DatabaseTlsSettings(ca.toString(), false));
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        String url = DatabaseTls.secure(url("localhost"), new DatabaseTlsSettings(rogueCa.toString(), false));
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aUrlThatAsksForLessStopsTheStartWithWhatToSet() {
        DatabaseTlsSettings strict = new DatabaseTlsSettings(ca.toString(), false);
        for (String weaker : List.of("?sslmode=disable", "?sslmode=require", "?sslmode=prefer", "?ssl=false",
                "?sslmode=verify-ca", "?sslfactory=org.postgresql.ssl.NonValidatingFactory")) {
            assertThatThrownBy(() -> DatabaseTls.secure(url("localhost") + weaker, strict)).as(weaker)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CHARTER_DATABASE_TLS_ROOT_CERT")
                    .hasMessageContaining("CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT");
        }
    }

    @Test
    void withoutARootCertificateCharterDoesNotStart() {
        assertThatThrownBy(() -> DatabaseTls.secure(url("localhost"), new DatabaseTlsSettings(null, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CHARTER_DATABASE_TLS_ROOT_CERT");
        assertThatThrownBy(() -> DatabaseTls.secure(url("localhost"), new DatabaseTlsSettings(dir.resolve("none.crt").toString(), false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aPlainConnectionOnlyWhenTheOperatorSaysSo() throws SQLException {
        String plain = url("127.0.0.1") + "?sslmode=disable";
        assertThat(DatabaseTls.secure(plain, new DatabaseTlsSettings(null, true))).isEqualTo(plain);
        try (Connection c = DriverManager.getConnection(plain, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
        }
    }

    @Test
    void theApplicationsDatabaseTargetUsesTheVerifiedUrlForEveryRole() {
        DatabaseSettings settings = new DatabaseSettings(url("localhost") + "?ApplicationName=charter-test", "postgres", "",
                "postgres", "", null, null, "charter_app", "charter_cleanup", "charter_owner", new DatabaseSettings.Embedded(0, false));
        DatabaseTarget target = new DatabaseConfiguration().databaseTarget(settings, new DatabaseTlsSettings(ca.toString(), false),
                new CharterSettings(dir));
        assertThat(target.url()).contains("sslmode=verify-full").contains("ApplicationName=charter-test");
        assertThatThrownBy(() -> new DatabaseConfiguration().databaseTarget(settings, new DatabaseTlsSettings(null, false),
                new CharterSettings(dir))).isInstanceOf(IllegalStateException.class);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }
}

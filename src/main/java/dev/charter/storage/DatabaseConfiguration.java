package dev.charter.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Builds three connection pools over one database: the owner's (migrations only), the
 * application's (everything else) and the cleanup role's (the audit retention purge only).
 * See docs/adr/0002-embedded-postgresql-and-roles.md and docs/adr/0010-audit-append-only-and-retention.md.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DatabaseTarget databaseTarget(DatabaseSettings settings, DatabaseTlsSettings tls, CharterSettings charter) {
        DatabaseTarget target = settings.external() ? external(settings, tls) : embedded(settings, charter);
        if (settings.embedded().isolated()) {
            target = target.isolatedCopy("charter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        }
        log.info("Database: {} (application role {}, migrations as {}, cleanup as {})", target.url(), target.appUser(),
                target.ownerUser(), target.cleanupUser());
        return target;
    }

    @Bean
    @Primary
    DataSource dataSource(DatabaseTarget target) {
        return pool("charter-app", target.url(), target.appUser(), target.appPassword(), 20);
    }

    @Bean
    RelaxedJdbc relaxedJdbc(DatabaseTarget target) {
        return new RelaxedJdbc(pool("charter-relaxed", target.url(), target.appUser(),
                target.appPassword(), 20, "set synchronous_commit to off"));
    }

    @Bean
    @FlywayDataSource
    DataSource flywayDataSource(DatabaseTarget target) {
        return pool("charter-migrate", target.url(), target.ownerUser(), target.ownerPassword(), 2);
    }

    /** Connects lazily: an external database without a cleanup role still starts (the purge job then warns). */
    @Bean
    CleanupDatabase cleanupDatabase(DatabaseTarget target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("charter-cleanup");
        config.setJdbcUrl(target.url());
        config.setUsername(target.cleanupUser());
        config.setPassword(target.cleanupPassword());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        return new CleanupDatabase(new HikariDataSource(config), target.cleanupUser());
    }

    @Bean
    FlywayConfigurationCustomizer charterFlywayPlaceholders(DatabaseTarget target) {
        return configuration -> configuration.placeholders(Map.of(
                "app_role", target.appUser(), "cleanup_role", target.cleanupUser()));
    }

    private static DatabaseTarget external(DatabaseSettings s, DatabaseTlsSettings tls) {
        if (s.user() == null || s.user().isBlank()) {
            throw new IllegalStateException("CHARTER_DATABASE_URL is set but CHARTER_DATABASE_USER is not. "
                    + "Set the role Charter connects as (and CHARTER_DATABASE_PASSWORD).");
        }
        String owner = blank(s.migrationUser()) ? s.user() : s.migrationUser();
        String ownerPassword = blank(s.migrationUser()) ? s.password() : s.migrationPassword();
        String cleanup = blank(s.cleanupUser()) ? s.cleanupRole() : s.cleanupUser();
        return new DatabaseTarget(DatabaseTls.secure(s.url(), tls), owner, ownerPassword, s.user(), s.password(), cleanup,
                s.cleanupPassword());
    }

    private static DatabaseTarget embedded(DatabaseSettings s, CharterSettings charter) {
        boolean isolated = s.embedded().isolated();
        Path dir = isolated ? SharedTestDir.get().resolve("postgres") : charter.dataDir().resolve("postgres");
        Path keys = isolated ? SharedTestDir.get().resolve("keys") : charter.dataDir().resolve("keys");
        int port = isolated ? 0 : s.embedded().port();
        var server = EmbeddedPostgresServer.start(dir, port, keys);
        return EmbeddedRoles.prepare(server, s, keys);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size) {
        return pool(name, url, user, password, size, null);
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        return new HikariDataSource(config);
    }

    /** Keeps every isolated context of one JVM on the same throw-away embedded server. */
    private static final class SharedTestDir {
        private static Path dir;

        static synchronized Path get() {
            if (dir == null) {
                try {
                    dir = Files.createTempDirectory("charter-pg-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return dir;
        }
    }
}

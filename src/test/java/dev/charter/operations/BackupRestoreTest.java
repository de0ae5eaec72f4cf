package dev.charter.operations;

import static dev.charter.pilots.PilotFixtures.awaitRun;
import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.CharterApplication;
import dev.charter.audit.AuditChain;
import dev.charter.audit.AuditVerification;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.SecondNode;
import dev.charter.testing.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * OPS-1: backups are encrypted, expire 30 days after they were made, and a restore never brings erased
 * data back. The whole path, end to end: data is made through the API, backed up, an organization and an
 * account are erased, the backup is restored into a fresh database, and a second Charter started on it
 * serves the surviving data (sign-in, Pilots, run history, an intact audit chain) and nothing erased.
 */
@CharterTest
class BackupRestoreTest {

    @LocalServerPort int port;
    @Autowired Backups backups;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:OPS-1")
    void aRestoredBackupServesTheDataAndNothingErasedAfterIt() throws Exception {
        String keep = "kept-" + UUID.randomUUID();
        Tenant a = Tenant.signUp(port, keep + "@example.test", Tenant.PASSWORD);
        JsonNode pilot = create(a.api(), threeSteps("Orders " + keep));
        var accepted = new Http(port).postJson(pilot.get("deliveryPath").asString(),
                Map.of("customer", "Ada", "items", List.of(Map.of("price", 7), Map.of("price", 8))));
        assertThat(accepted.status()).isEqualTo(202);
        String runId = accepted.json().get("run").asString();
        assertThat(awaitRun(a.api(), runId).get("run").get("status").asString()).isEqualTo("SUCCEEDED");

        String erasedOrgCanary = "erased-org-" + UUID.randomUUID();
        Tenant b = Tenant.signUp(port, erasedOrgCanary + "@example.test", Tenant.PASSWORD);
        create(b.api(), threeSteps("Pilot of " + erasedOrgCanary));
        String erasedUserCanary = "erased-user-" + UUID.randomUUID();
        Tenant c = join(a, erasedUserCanary + "@example.test");

        BackupInfo backup = backups.backUp(step -> {});
        Path file = Path.of(System.getProperty("user.dir"), "target", "test-data", "backups", backup.fileName());
        assertThat(file).exists();
        assertThat(backup.expiresAt()).isEqualTo(backup.createdAt().plus(java.time.Duration.ofDays(30)));
        assertThat(backups.list()).extracting(BackupInfo::fileName).contains(backup.fileName());
        // encrypted as written: no canary, no name, no id in the file or its name
        byte[] bytes = Files.readAllBytes(file);
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String secret : List.of(keep, erasedOrgCanary, erasedUserCanary, a.org().value().toString(), "Orders")) {
            assertThat(raw).doesNotContain(secret);
            assertThat(backup.fileName()).doesNotContain(secret);
        }
        assertThat(backup.fileName()).doesNotContain(b.org().value().toString()).doesNotContain(c.user().value().toString());

        // after the backup: the organization B and the account C are erased
        var erased = b.browser().postJson("/api/v1/privacy/organization/erasure", Map.of("confirmation", "Org " + b.email()));
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        var deleted = c.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", c.email()));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        DatabaseTarget fresh = freshDatabase();
        RestoreReport report = backups.restore(file, fresh, step -> {});
        assertThat(report.rows()).isPositive();
        // the rows are back as they were at the backup, before the journal is replayed
        assertThat(new DatabaseScan(fresh).find(erasedOrgCanary)).isNotEmpty();

        try (ConfigurableApplicationContext restored = startOn(fresh)) {
            int restoredPort = ((WebServerApplicationContext) restored).getWebServer().getPort();
            Http browser = new Http(restoredPort);
            assertThat(browser.postJson("/api/v1/auth/signin", Map.of("email", a.email(), "password", a.password())).status())
                    .isEqualTo(200);
            assertThat(browser.get("/api/v1/pilots").body()).contains("Orders " + keep);
            assertThat(browser.get("/api/v1/pilots/runs/" + runId).json().get("run").get("status").asString()).isEqualTo("SUCCEEDED");
            for (Tenant gone : List.of(b, c)) {
                assertThat(new Http(restoredPort).postJson("/api/v1/auth/signin", Map.of("email", gone.email(), "password", gone.password()))
                        .status()).as(gone.email()).isEqualTo(401);
            }
            AuditVerification v = restored.getBean(AuditChain.class).verify();
            assertThat(v.intact()).as(v.problems().toString()).isTrue();
            DatabaseScan scan = new DatabaseScan(fresh);
            assertThat(scan.find(erasedOrgCanary)).isEmpty();
            assertThat(scan.find(erasedUserCanary)).isEmpty();
            // as on the live database after the erasure, only the audit log's security records keep the bare id
            assertThat(scan.find(b.org().value().toString())).as("no row but audit events names the erased organization")
                    .allMatch(hit -> hit.startsWith("audit_event.org_id "));
            assertThat(new DatabaseScan(database).find(b.org().value().toString())).allMatch(hit -> hit.startsWith("audit_event.org_id "));
            assertThat(scan.find(c.user().value().toString())).as("no row names the erased account").isEmpty();
            assertThat(scan.find(keep)).isNotEmpty();
        } finally {
            drop(fresh);
        }
    }

    @Test
    @Tag("claim:OPS-1")
    void aBackupIsUnreadableWithoutItsKeyAndATamperedOneIsRefused() throws Exception {
        Tenant.signUp(port);
        BackupInfo backup = backups.backUp(step -> {});
        Path file = Path.of(System.getProperty("user.dir"), "target", "test-data", "backups", backup.fileName());
        byte[] bytes = Files.readAllBytes(file);
        Path tampered = Files.createTempFile("tampered", ".cbk");
        bytes[bytes.length / 2] ^= 1;
        Files.write(tampered, bytes);
        DatabaseTarget fresh = freshDatabase();
        try {
            assertThatThrownBy(() -> backups.restore(tampered, fresh, step -> {})).hasMessageContaining("Could not read");
            Path notABackup = Files.writeString(Files.createTempFile("plain", ".cbk"), "hello");
            assertThatThrownBy(() -> backups.restore(notABackup, fresh, step -> {})).hasMessageContaining("not a Charter backup");
        } finally {
            drop(fresh);
            Files.deleteIfExists(tampered);
        }
    }

    @Test
    @Tag("claim:OPS-1")
    void backupsExpireThirtyDaysAfterTheyWereMadeFileAndCatalogRow() throws Exception {
        BackupInfo backup = backups.backUp(step -> {});
        Path dir = Path.of(System.getProperty("user.dir"), "target", "test-data", "backups");
        // an old backup, as a file the sweeper must remove: named 31 days ago
        String old = "charter-backup-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now().minus(java.time.Duration.ofDays(31))) + "-00c0ffee.cbk";
        Files.writeString(dir.resolve(old), "expired");
        long removed = retentionPurge("operations.backups").purge(Instant.now(), 1000);
        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(dir.resolve(old)).doesNotExist();
        assertThat(dir.resolve(backup.fileName())).exists();
        retentionPurge("operations.backups").purge(backup.createdAt().plus(java.time.Duration.ofDays(30)), 1000);
        assertThat(dir.resolve(backup.fileName())).doesNotExist();
        assertThat(backups.list()).extracting(BackupInfo::fileName).doesNotContain(backup.fileName());
    }

    @Autowired List<dev.charter.privacy.RetentionPurge> purges;

    private dev.charter.privacy.RetentionPurge retentionPurge(String dataClass) {
        return purges.stream().filter(p -> p.dataClass().equals(dataClass)).findFirst().orElseThrow();
    }

    private Tenant join(Tenant admin, String email) {
        var inv = admin.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"));
        assertThat(inv.status()).as(inv.body()).isEqualTo(201);
        Http browser = new Http(port);
        var joined = browser.postJson("/api/v1/auth/invitations/" + inv.json().get("token").asString(),
                Map.of("email", email, "password", Tenant.PASSWORD, "displayName", "Member"));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        return new Tenant(email, Tenant.PASSWORD, admin.org(),
                new dev.charter.shared.UserId(UUID.fromString(joined.json().get("id").asString())), browser, null, port);
    }

    private DatabaseTarget freshDatabase() {
        return database.isolatedCopy("charter_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }


    /** Drops the restore database once the second Charter's pools have let go of it (the owner may not force it). */
    private void drop(DatabaseTarget target) {
        String name = target.url().substring(target.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Connection conn = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
                 Statement st = conn.createStatement()) {
                st.execute("drop database if exists " + name);
                return true;
            }
        });
    }

    private static ConfigurableApplicationContext startOn(DatabaseTarget target) {
        List<String> args = new java.util.ArrayList<>(SecondNode.databaseArgs(target));
        args.add("--charter.jobs.enabled=false");
        args.add("--server.port=0");
        return new SpringApplicationBuilder(CharterApplication.class).web(WebApplicationType.SERVLET)
                .profiles("test").run(args.toArray(String[]::new));
    }

}

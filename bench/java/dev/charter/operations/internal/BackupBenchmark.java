package dev.charter.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.bench.BenchmarksFile;
import dev.charter.operations.BackupInfo;
import dev.charter.operations.RestoreReport;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Backup and restore of a database holding 1,000 Pilots with 100 runs each (3 step records per run),
 * 100,000 audit events and 10,000 credentials: the encrypted backup's time and size, the same COPY
 * streams written plainly, PostgreSQL's own {@code pg_dump} of the same database when {@code CHARTER_BENCH_PG_DUMP}
 * names one that can read the server (bench/operations.sh), the streaming AEAD alone, and a restore into a fresh
 * database.
 * Tagged {@code bench}; run with {@code ./mvnw -q test -Pbench -Dtest=BackupBenchmark}. Writes the
 * "Backups" section of BENCHMARKS.md.
 */
@CharterTest
@Tag("bench")
class BackupBenchmark {

    static final String COMMAND = "./mvnw -q test -Pbench -Dtest=BackupBenchmark";

    @Autowired BackupService backups;
    @Autowired DatabaseTarget database;
    @Autowired BackupKeys keys;

    @Test
    void backupAndRestoreOfAFullDatabase() throws Exception {
        long p0 = System.nanoTime();
        populate();
        double populate = (System.nanoTime() - p0) / 1e9;
        long dbBytes;
        try (Connection c = owner(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_database_size(current_database())")) {
            rs.next();
            dbBytes = rs.getLong(1);
        }

        backups.backUp(s -> {});  // warm-up
        long b0 = System.nanoTime();
        BackupInfo backup = backups.backUp(s -> {});
        double backupSeconds = (System.nanoTime() - b0) / 1e9;

        long c0 = System.nanoTime();
        long plainBytes = plainCopy();
        double plainSeconds = (System.nanoTime() - c0) / 1e9;

        PgDump dump = pgDump();

        BackupCrypto crypto = new BackupCrypto(keys.backupKey());
        byte[] chunk = new byte[1 << 20];
        new SecureRandom().nextBytes(chunk);
        int mib = 512;
        long e0 = System.nanoTime();
        try (OutputStream enc = crypto.encrypting(OutputStream.nullOutputStream())) {
            for (int i = 0; i < mib; i++) {
                enc.write(chunk);
            }
        }
        double aeadMBps = mib * 1.048576 / ((System.nanoTime() - e0) / 1e9);

        DatabaseTarget fresh = freshDatabase();
        long r0 = System.nanoTime();
        RestoreReport restored = backups.restore(Path.of("target", "test-data", "backups", backup.fileName()), fresh, s -> {});
        double restoreSeconds = (System.nanoTime() - r0) / 1e9;
        assertThat(restored.rows()).isEqualTo(backup.rows());
        try (Connection c = owner(database); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + fresh.url().replaceAll(".*/([^/?]+).*", "$1"));
        }

        String section = """
                ## Backups

                A database holding 1,000 Pilots with 100 runs each (3 step records per run), 100,000 audit events and
                10,000 credentials (`BackupBenchmark`; rows written by SQL, %.0f s). The backup is every table as binary
                COPY from one snapshot, through Tink's streaming AES-256-GCM-HKDF (1 MiB segments) into one file; the
                restore rebuilds the schema with the migrations and copies the rows in (ADR 0130).

                | measure | value |
                |---|---|
                | database size (`pg_database_size`, with indexes) | %.1f MB |
                | rows backed up | %,d in %d tables |
                | encrypted backup: time | %.2f s |
                | encrypted backup: file size | %.1f MB |
                | the same COPY streams written plainly (no encryption, no file): time | %.2f s for %.1f MB |
                %s| streaming AEAD alone, 512 MiB of random bytes | %.0f MB/s |
                | restore into a fresh database (schema, rows, migrations) | %.2f s |

                The encryption costs the difference between the encrypted backup and the plain COPY streams; COPY and the
                database's own work dominate. %s

                - machine: %s
                - database: %s
                - command: `%s`
                """.formatted(populate, dbBytes / 1e6, backup.rows(), backup.tables(), backupSeconds, backup.sizeBytes() / 1e6,
                plainSeconds, plainBytes / 1e6, dump.row(), aeadMBps, restoreSeconds, dump.note(), BenchmarksFile.machine(),
                serverVersion(), System.getenv("CHARTER_BENCH_PG_DUMP") == null ? COMMAND : "bench/operations.sh");
        System.out.println(section);
        BenchmarksFile.writeSection("## Backups", section);
    }

    /** The peer: PostgreSQL's own dump of the same database, when a pg_dump that can read this server is given. */
    private record PgDump(String row, String note) {}

    private PgDump pgDump() throws Exception {
        String binary = System.getenv("CHARTER_BENCH_PG_DUMP");
        if (binary == null || binary.isBlank()) {
            return new PgDump("", "No `pg_dump` was given (`bench/operations.sh` runs this against Debian's PostgreSQL 15 "
                    + "with its `pg_dump`; the embedded server is PostgreSQL 17, which an older `pg_dump` refuses), so the "
                    + "plain COPY streams stand in as the peer.");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(database.url());
        if (!m.find()) {
            throw new IllegalStateException("cannot read host, port and database from " + database.url());
        }
        ProcessBuilder pb = new ProcessBuilder(binary, "--format=custom", "--compress=0", "--host=" + m.group(1),
                "--port=" + m.group(2), "--username=" + database.ownerUser(), "--no-password", m.group(3));
        pb.environment().put("PGPASSWORD", database.ownerPassword() == null ? "" : database.ownerPassword());
        pb.environment().put("PGSSLMODE", "prefer");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long bytes = p.getInputStream().transferTo(OutputStream.nullOutputStream());
        int status = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status != 0) {
            throw new IllegalStateException(binary + " exited with " + status);
        }
        return new PgDump("| `pg_dump --format=custom --compress=0` of the same database (plain, not encrypted): time | %.2f s for %.1f MB |%n"
                .formatted(seconds, bytes / 1e6),
                "PostgreSQL's own dump of the same database, in the same run, is the peer; it writes no encryption.");
    }

    private String serverVersion() throws Exception {
        try (Connection c = owner(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    private long plainCopy() throws Exception {
        long[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        try (Connection c = owner(database)) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (SchemaCatalog.Table t : SchemaCatalog.tables(c)) {
                copy.copyOut("copy " + BackupService.quote(t.name()) + " to stdout (format binary)", counting);
            }
            c.rollback();
        }
        return bytes[0];
    }

    private void populate() throws Exception {
        UUID org = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (Connection c = owner(database); Statement st = c.createStatement()) {
            st.execute("insert into identity_organization (id, name) values ('" + org + "', 'Bench org')");
            st.execute("insert into identity_user (id, email, display_name, password_hash) values ('" + user
                    + "', 'bench-" + user + "@example.test', 'Bench', 'x')");
            st.execute("""
                    insert into pilots_pilot (id, org_id, owner_id, title, trigger_kind, secret_nonce, steps)
                    select gen_random_uuid(), '%s', '%s', 'Pilot ' || g, 'WEBHOOK', substring(sha256(random()::text::bytea) from 1 for 16),
                           '[{"kind":"transform","name":"shape","config":{"expression":"{\\"total\\": $sum(trigger.items.price)}"}}]'
                    from generate_series(1, 1000) g""".formatted(org, user));
            st.execute("""
                    insert into pilots_run (id, org_id, pilot_id, status, trigger, payload, created_at, started_at, finished_at)
                    select gen_random_uuid(), p.org_id, p.id, 'SUCCEEDED', 'WEBHOOK',
                           jsonb_build_object('customer', 'Customer ' || g, 'items', jsonb_build_array(jsonb_build_object('price', g))),
                           now() - g * interval '1 minute', now() - g * interval '1 minute', now() - g * interval '1 minute'
                    from pilots_pilot p, generate_series(1, 100) g where p.org_id = '%s'""".formatted(org));
            st.execute("""
                    insert into pilots_step_run (run_id, org_id, position, name, kind, status, input, output, started_at, finished_at)
                    select r.id, r.org_id, s, 'step ' || s, 'transform', 'SUCCEEDED', r.payload, jsonb_build_object('total', s),
                           r.started_at, r.finished_at
                    from pilots_run r, generate_series(0, 2) s where r.org_id = '%s'""".formatted(org));
            st.execute("""
                    insert into audit_event (id, prev_hash, hash, occurred_at, org_id, action, target, details)
                    select m.base + g, sha256(random()::text::bytea), sha256(random()::text::bytea), now(), '%s', 'bench.event', 'target-' || g,
                           jsonb_build_object('n', g::text)
                    from generate_series(1, 100000) g, (select coalesce(max(id), 0) as base from audit_event) m""".formatted(org));
            st.execute("""
                    insert into vault_credential (org_id, id, purpose, kind, label, ciphertext, wrapped_key, master_key_version,
                                                  fingerprint, created_at)
                    select '%s', gen_random_uuid(), 'bench.purpose', 'api-key', 'Credential ' || g, sha256(random()::text::bytea) || sha256(random()::text::bytea) || sha256(random()::text::bytea),
                           sha256(random()::text::bytea) || sha256(random()::text::bytea), 'v1', encode(substring(sha256(random()::text::bytea) from 1 for 16), 'hex'), now()
                    from generate_series(1, 10000) g""".formatted(org));
        }
    }

    private DatabaseTarget freshDatabase() {
        return database.isolatedCopy("charter_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }


    private static Connection owner(DatabaseTarget t) throws Exception {
        return DriverManager.getConnection(t.url(), t.ownerUser(), t.ownerPassword());
    }
}

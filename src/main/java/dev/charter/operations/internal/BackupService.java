package dev.charter.operations.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.IdentityRecords;
import dev.charter.operations.BackupInfo;
import dev.charter.operations.Backups;
import dev.charter.operations.RestoreReport;
import dev.charter.storage.DatabaseTarget;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backups with PostgreSQL's own COPY protocol through the JDBC driver (docs/adr/0130-operations-backups.md):
 * one repeatable-read snapshot, every table in foreign-key order as binary COPY, streamed through the
 * backup key's streaming AEAD into a temporary file that is moved into place when complete. A restore
 * rebuilds the schema at the backup's migration version, copies the rows in, and migrates forward.
 */
@Service
class BackupService implements Backups {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    static final String FORMAT = "charter-backup/1";

    private final DatabaseTarget database;
    private final BackupFolder folder;
    private final BackupCrypto crypto;
    private final Flyway flyway;
    private final JdbcClient jdbc;
    private final ErasureJournal journal;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    BackupService(DatabaseTarget database, BackupFolder folder, BackupKeys keys, Flyway flyway, JdbcClient jdbc,
                  ErasureJournal journal, AuditLog audit, Clock clock) {
        this.database = database;
        this.folder = folder;
        this.crypto = new BackupCrypto(keys.backupKey());
        this.flyway = flyway;
        this.jdbc = jdbc;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public BackupInfo backUp(Consumer<String> progress) {
        Instant at = clock.instant();
        String name = BackupFolder.fileName(at);
        Path target = folder.dir().resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(folder.dir());
            tmp = Files.createTempFile(folder.dir(), ".partial-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            int tables;
            long rows = 0;
            try (Connection c = owner(database)) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("set transaction isolation level repeatable read, read only");
                }
                List<SchemaCatalog.Table> list = SchemaCatalog.tables(c);
                tables = list.size();
                ObjectNode header = json.createObjectNode();
                header.put("format", FORMAT);
                header.put("createdAt", at.toString());
                header.put("schemaVersion", SchemaCatalog.schemaVersion(c));
                var arr = header.putArray("tables");
                for (SchemaCatalog.Table t : list) {
                    var o = arr.addObject();
                    o.put("name", t.name());
                    var cols = o.putArray("columns");
                    t.columns().forEach(cols::add);
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                Map<String, Long> counts = new LinkedHashMap<>();
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     OutputStream enc = crypto.encrypting(file);
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(enc, 1 << 16))) {
                    writeFrame(out, json.writeValueAsBytes(header));
                    for (SchemaCatalog.Table t : list) {
                        progress.accept("backing up " + t.name());
                        try (OutputStream frames = Frames.writer(out)) {
                            long n = copy.copyOut("copy " + quote(t.name()) + " (" + columns(t) + ") to stdout (format binary)", frames);
                            counts.put(t.name(), n);
                            rows += n;
                        }
                    }
                    ObjectNode trailer = json.createObjectNode();
                    trailer.putPOJO("rows", counts);
                    ObjectNode sequences = trailer.putObject("sequences");
                    SchemaCatalog.sequences(c).forEach((seq, value) -> {
                        if (value != null) {
                            sequences.put(seq, value.longValue());
                        }
                    });
                    writeFrame(out, json.writeValueAsBytes(trailer));
                }
                c.rollback();
            }
            long size = Files.size(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            BackupInfo info = new BackupInfo(name, at, BackupFolder.expiry(at), size, tables, rows);
            jdbc.sql("""
                    insert into operations_backup (id, file_name, created_at, expires_at, size_bytes, tables, rows)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(UUID.randomUUID(), name, java.sql.Timestamp.from(at), java.sql.Timestamp.from(info.expiresAt()),
                            size, tables, rows).update();
            audit.record(AuditEvent.of(null, null, "operations.backup.created", "backup:" + name)
                    .with("tables", Integer.toString(tables)).with("rows", Long.toString(rows))
                    .with("bytes", Long.toString(size)));
            log.info("Backup {}: {} tables, {} rows, {} bytes, expires {}", name, tables, rows, size, info.expiresAt());
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the backup to " + folder.dir() + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database for the backup: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the folder's owner sees a .partial file; the next sweep leaves it, the next backup is whole
                }
            }
        }
    }

    @Override
    public List<BackupInfo> list() {
        return folder.list();
    }

    @Override
    public RestoreReport restore(Path file, DatabaseTarget into, Consumer<String> progress) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not a readable file.");
        }
        String name = file.getFileName().toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new BufferedInputStream(crypto.decrypting(raw, name), 1 << 16))) {
            JsonNode header = json.readTree(readFrame(in));
            if (!FORMAT.equals(header.path("format").asString(""))) {
                throw new IllegalArgumentException(name + " is not a " + FORMAT + " file.");
            }
            String version = header.path("schemaVersion").asString(null);
            MigrationVersion latest = java.util.Arrays.stream(flyway.info().all()).map(org.flywaydb.core.api.MigrationInfo::getVersion)
                    .filter(java.util.Objects::nonNull).max(MigrationVersion::compareTo).orElse(null);
            if (version == null || (latest != null && MigrationVersion.fromVersion(version).isNewerThan(latest.getVersion()))) {
                throw new IllegalArgumentException(name + " was made by a newer Charter (database schema " + version
                        + ", this one knows up to " + latest + "). Restore it with that version or a later one.");
            }
            progress.accept("rebuilding the schema at version " + version);
            try (Connection c = owner(into)) {
                SchemaCatalog.dropEverything(c);
            }
            Flyway.configure().configuration(flyway.getConfiguration())
                    .dataSource(into.url(), into.ownerUser(), into.ownerPassword())
                    .target(MigrationVersion.fromVersion(version)).load().migrate();
            int tables = 0;
            long rows = 0;
            try (Connection c = owner(into)) {
                c.setAutoCommit(false);
                List<String> names = new ArrayList<>();
                header.path("tables").forEach(t -> names.add(t.path("name").asString()));
                try (Statement st = c.createStatement()) {
                    for (String t : reversed(names)) {
                        st.execute("alter table " + quote(t) + " disable trigger user");
                        st.execute("delete from " + quote(t));
                    }
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (JsonNode t : header.path("tables")) {
                    String table = t.path("name").asString();
                    List<String> cols = new ArrayList<>();
                    t.path("columns").forEach(col -> cols.add(col.asString()));
                    progress.accept("restoring " + table);
                    rows += copy.copyIn("copy " + quote(table) + " (" + String.join(", ", cols.stream().map(BackupService::quote).toList())
                            + ") from stdin (format binary)", Frames.reader(in));
                    tables++;
                }
                JsonNode trailer = json.readTree(readFrame(in));
                try (Statement st = c.createStatement()) {
                    for (var e : trailer.path("sequences").properties()) {
                        if (e.getValue().isIntegralNumber() && e.getValue().asLong() > 0) {
                            st.execute("select setval(" + literal(e.getKey()) + ", " + e.getValue().asLong() + ", true)");
                        }
                    }
                    for (String t : names) {
                        st.execute("alter table " + quote(t) + " enable trigger user");
                    }
                }
                c.commit();
            }
            progress.accept("applying the migrations after version " + version);
            Flyway.configure().configuration(flyway.getConfiguration())
                    .dataSource(into.url(), into.ownerUser(), into.ownerPassword()).load().migrate();
            Instant created = Instant.parse(header.path("createdAt").asString());
            log.info("Restored {} (made {}): {} tables, {} rows", name, created, tables, rows);
            return new RestoreReport(created, version, tables, rows, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + ": " + e.getMessage()
                    + ". Is it a Charter backup, whole, and is CHARTER_BACKUP_KEY (or keys/backup.key) the key it was made with?", e);
        } catch (SQLException e) {
            throw new IllegalStateException("The restore of " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public IdentityRecords.ReplayedErasures replayErasures() {
        return journal.replay();
    }

    private static List<String> reversed(List<String> names) {
        List<String> r = new ArrayList<>(names);
        java.util.Collections.reverse(r);
        return r;
    }

    static Connection owner(DatabaseTarget target) throws SQLException {
        return DriverManager.getConnection(target.url(), target.ownerUser(), target.ownerPassword());
    }

    private static void writeFrame(DataOutputStream out, byte[] bytes) throws IOException {
        try (OutputStream f = Frames.writer(out)) {
            f.write(bytes);
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        return Frames.reader(in).readAllBytes();
    }

    private static String columns(SchemaCatalog.Table t) {
        return String.join(", ", t.columns().stream().map(BackupService::quote).toList());
    }

    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

package dev.charter.operations.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.AccountDeleted;
import dev.charter.identity.IdentityRecords;
import dev.charter.identity.OrganizationDeleted;
import dev.charter.operations.ErasableObjects;
import dev.charter.operations.ObjectErased;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The erasure journal (OPS-1): every erased organization and account, as a keyed hash of its id and the
 * time, kept 30 days (as long as the oldest backup). It is written twice: a row in the same transaction as
 * the erasure, and, once that transaction has committed, a line in {@code erasures.journal} in the backup
 * folder, which outlives the database. At every start, before the web server opens, and at once after a
 * restore, every entry is erased again: a no-op on the live database, and on a restored one it removes
 * whatever was erased after the backup was made. A line is written only after its erasure committed, so
 * the journal never names anyone who was not erased.
 */
@Component
class ErasureJournal implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ErasureJournal.class);
    static final String FILE = "erasures.journal";

    enum Kind { ORGANIZATION, ACCOUNT, OBJECT }

    record Entry(Instant at, Kind kind, String hash) {
        String line() {
            return at + " " + kind + " " + hash + "\n";
        }
    }

    private final JdbcClient jdbc;
    private final IdentityRecords identity;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Path file;
    private final List<ErasableObjects> objects;

    ErasureJournal(JdbcClient jdbc, IdentityRecords identity, AuditLog audit, Clock clock, BackupKeys keys, BackupFolder folder,
                   List<ErasableObjects> objects) {
        this.objects = List.copyOf(objects);
        this.jdbc = jdbc;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
        this.key = new SecretKeySpec(keys.journalKey(), "HmacSHA256");
        this.file = folder.dir().resolve(FILE);
    }

    @EventListener
    void accountDeleted(AccountDeleted e) {
        record(Kind.ACCOUNT, e.user().value());
    }

    @EventListener
    void organizationDeleted(OrganizationDeleted e) {
        record(Kind.ORGANIZATION, e.org().value());
    }

    /** One object erased on request: journalled as a keyed hash of its kind and id, like an account. */
    @EventListener
    void objectErased(ObjectErased e) {
        record(Kind.OBJECT, e.kind() + ":" + e.id());
    }

    private void record(Kind kind, UUID id) {
        record(kind, id.toString());
    }

    private void record(Kind kind, String subject) {
        Entry entry = new Entry(clock.instant(), kind, hash(kind, subject));
        jdbc.sql("""
                insert into operations_erasure_journal (subject_hash, kind, erased_at) values (?, ?, ?)
                on conflict do nothing""")
                .params(HexFormat.of().parseHex(entry.hash()), kind.name(), Timestamp.from(entry.at())).update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    appendQuietly(List.of(entry));
                }
            });
        } else {
            appendQuietly(List.of(entry));
        }
    }

    String hash(Kind kind, UUID id) {
        return hash(kind, id.toString());
    }

    String hash(Kind kind, String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((kind.name() + ":" + subject).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        IdentityRecords.ReplayedErasures r = replay();
        if (r.organizations() + r.accounts() > 0) {
            log.warn("The erasure journal erased again {} organization(s) and {} account(s) that the database still held "
                    + "(a restore from before their erasure)", r.organizations(), r.accounts());
        }
    }

    /** Erases again everything the journal (file and table) names; heals the file from the table first. */
    synchronized IdentityRecords.ReplayedErasures replay() {
        Set<String> inFile = new LinkedHashSet<>();
        read().forEach(e -> inFile.add(e.kind() + " " + e.hash()));
        List<Entry> fromTable = jdbc.sql("select erased_at, kind, subject_hash from operations_erasure_journal")
                .query((rs, n) -> new Entry(rs.getTimestamp(1).toInstant(), Kind.valueOf(rs.getString(2)),
                        HexFormat.of().formatHex(rs.getBytes(3)))).list();
        List<Entry> missing = fromTable.stream().filter(e -> !inFile.contains(e.kind() + " " + e.hash())).toList();
        if (!missing.isEmpty()) {
            appendQuietly(missing);
        }
        Set<String> erased = new java.util.HashSet<>(inFile);
        fromTable.forEach(e -> erased.add(e.kind() + " " + e.hash()));
        if (erased.isEmpty()) {
            return new IdentityRecords.ReplayedErasures(0, 0);
        }
        int objectsErased = replayObjects(erased);
        IdentityRecords.ReplayedErasures r = identity.replayErasures(
                org -> erased.contains(Kind.ORGANIZATION + " " + hash(Kind.ORGANIZATION, org.value())),
                user -> erased.contains(Kind.ACCOUNT + " " + hash(Kind.ACCOUNT, user.value())));
        if (r.organizations() + r.accounts() + objectsErased > 0) {
            audit.record(AuditEvent.of(null, null, "operations.erasures.replayed", "erasure-journal")
                    .with("organizations", Integer.toString(r.organizations()))
                    .with("accounts", Integer.toString(r.accounts()))
                    .with("objects", Integer.toString(objectsErased)));
        }
        return r;
    }

    /** Has each module erase again the single objects the journal names; answers how many were still there. */
    private int replayObjects(Set<String> erased) {
        if (objects.isEmpty() || erased.stream().noneMatch(e -> e.startsWith(Kind.OBJECT + " "))) {
            return 0;
        }
        int n = 0;
        for (ErasableObjects kind : objects) {
            List<UUID> again = kind.ids().stream()
                    .filter(id -> erased.contains(Kind.OBJECT + " " + hash(Kind.OBJECT, kind.kind() + ":" + id))).toList();
            if (!again.isEmpty()) {
                n += kind.eraseAgain(again);
            }
        }
        return n;
    }

    /** Removes entries older than {@code maxAge} before {@code now} from the table and the file; answers how many rows. */
    synchronized long purge(Instant cutoff, int limit) {
        long n = jdbc.sql("""
                delete from operations_erasure_journal where ctid in (
                  select ctid from operations_erasure_journal where erased_at < ? limit ?)""")
                .params(Timestamp.from(cutoff), limit).update();
        if (Files.exists(file)) {
            List<Entry> keep = read().stream().filter(e -> !e.at().isBefore(cutoff)).toList();
            try {
                Path tmp = Files.createTempFile(file.getParent(), ".journal-", ".tmp");
                Files.writeString(tmp, String.join("", keep.stream().map(Entry::line).toList()));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rewrite the erasure journal " + file + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    List<Entry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).map(ErasureJournal::parse)
                    .filter(java.util.Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the erasure journal " + file + ": " + e.getMessage()
                    + ". Restores need it: make the backup folder readable.", e);
        }
    }

    private static Entry parse(String line) {
        String[] p = line.split(" ");
        try {
            return p.length == 3 && p[2].matches("[0-9a-f]{64}") ? new Entry(Instant.parse(p[0]), Kind.valueOf(p[1]), p[2]) : null;
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private void appendQuietly(List<Entry> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock lock = ch.lock()) {
                ch.write(java.nio.ByteBuffer.wrap(String.join("", entries.stream().map(Entry::line).toList())
                        .getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
        } catch (IOException e) {
            // the row in the database stays; the next start or replay writes the line from it
            log.error("Could not append to the erasure journal {}: {}. A restore from a backup made before this erasure "
                    + "would bring it back until the line is written; it is retried at the next start.", file, e.toString());
        }
    }
}

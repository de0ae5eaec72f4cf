package dev.charter.vault.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.shared.ConflictException;
import dev.charter.vault.MasterKeyRotation;
import dev.charter.vault.RotationProgress;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Master key rotation without downtime (VLT-6, docs/adr/0031-vault-key-rotation.md): a new key version becomes
 * current at once (new credentials use it; reads decrypt with every version the key set holds), then a
 * background worker re-wraps each credential's data key under it, a batch per transaction. Progress is the
 * rows themselves (their {@code master_key_version}), so an interrupted rotation resumes where it stopped, on
 * the next start or on any node. Credentials are never decrypted by rotation: only their data keys are.
 */
@Component
public class KeyRotation implements MasterKeyRotation, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private final KeyRing keys;
    private final CredentialRepository credentials;
    private final Envelope envelope;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock;
    private final VaultSettings settings;
    private final List<RotationListener> listeners;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vault-key-rotation");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    KeyRotation(KeyRing keys, CredentialRepository credentials, Envelope envelope, JdbcClient jdbc,
                PlatformTransactionManager transactions, AuditLog audit, Clock clock, VaultSettings settings,
                List<RotationListener> listeners) {
        this.keys = keys;
        this.credentials = credentials;
        this.envelope = envelope;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.listeners = listeners;
    }

    /** Adds a master key version and starts re-encrypting in the background. */
    @Override
    public synchronized RotationProgress rotate() {
        if (running().isPresent()) {
            throw new ConflictException("A key rotation is already running; wait for it to finish.");
        }
        try {
            keys.master().addVersion();
        } catch (UnsupportedOperationException e) {
            throw new ConflictException(e.getMessage());
        }
        return begin();
    }

    /** Re-encrypts whatever an older key version still wraps (an interrupted rotation, or a new key from the operator). */
    public synchronized RotationProgress resume() {
        String current = keys.master().currentVersion();
        boolean keyringBehind = jdbc.sql("select count(*) from vault_keyring where master_key_version <> ?")
                .param(current).query(Long.class).single() > 0;
        if (credentials.countNotOn(current) == 0 && !keyringBehind && running().isEmpty()) {
            return progress();
        }
        return begin();
    }

    @Override
    public RotationProgress progress() {
        String current = keys.master().currentVersion();
        long remaining = credentials.countNotOn(current);
        return jdbc.sql("""
                select state, target_version, total, done, started_at, updated_at, finished_at, last_error
                from vault_rotation order by started_at desc limit 1""")
                .query((rs, n) -> new RotationProgress(rs.getString(1), rs.getString(2), current, rs.getInt(3), rs.getInt(4),
                        remaining, instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                        rs.getString(8)))
                .optional()
                .orElse(new RotationProgress("NONE", null, current, 0, 0, remaining, null, null, null, null));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeOnStart() {
        if (settings.resumeRotationOnStart()) {
            resume();
        }
    }

    private RotationProgress begin() {
        String target = keys.master().currentVersion();
        tx.executeWithoutResult(s -> {
            keys.rewrapFingerprintKey();
            Optional<RunRow> run = running();
            int total = (int) credentials.countNotOn(target);
            if (run.isPresent() && run.get().target().equals(target)) {
                jdbc.sql("update vault_rotation set last_error = null, updated_at = ? where id = ?")
                        .params(now(), run.get().id()).update();
                log.info("Vault key rotation to version {}: resuming, {} credential(s) left", target, total);
                return;
            }
            run.ifPresent(r -> jdbc.sql("update vault_rotation set state = 'SUPERSEDED', updated_at = ? where id = ?")
                    .params(now(), r.id()).update());
            jdbc.sql("""
                    insert into vault_rotation (id, target_version, state, total, done, started_at, updated_at)
                    values (?, ?, 'RUNNING', ?, 0, ?, ?)""")
                    .params(UUID.randomUUID(), target, total, now(), now()).update();
            audit.record(AuditEvent.of(null, null, "vault.master-key.rotation.started", "master-key:" + target)
                    .with("credentials", Integer.toString(total)));
            log.info("Vault key rotation to version {} started: {} credential(s) to re-encrypt", target, total);
        });
        worker.submit(this::work);
        return progress();
    }

    private void work() {
        String target = keys.master().currentVersion();
        AtomicInteger rows = new AtomicInteger();
        try {
            while (!stopping) {
                Integer n = tx.execute(s -> batch(target, rows));
                if (n == null || n == 0) {
                    finish(target);
                    return;
                }
            }
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            jdbc.sql("update vault_rotation set last_error = ?, updated_at = ? where state = 'RUNNING'")
                    .params(reason.length() > 500 ? reason.substring(0, 500) : reason, now()).update();
            log.warn("Vault key rotation to version {} stopped after {} credential(s): {}. It resumes on the next start, "
                    + "or when it is started again; reads keep working meanwhile.", target, rows.get(), reason);
        }
    }

    private int batch(String target, AtomicInteger rows) {
        var batch = credentials.lockBatchNotOn(target, settings.rotationBatchSize());
        for (var row : batch) {
            var sealed = envelope.rewrap(row.ref(), row.ciphertext(), row.wrappedKey());
            credentials.updateWrappedKey(row.ref(), sealed.wrappedKey(), sealed.masterKeyVersion());
            audit.record(AuditEvent.of(row.ref().org(), null, "vault.credential.rotated", "credential:" + row.ref().credentialId())
                    .with("masterKeyVersion", sealed.masterKeyVersion()));
            int done = rows.incrementAndGet();
            listeners.forEach(l -> l.rewrapped(done));
        }
        if (!batch.isEmpty()) {
            long remaining = credentials.countNotOn(target);
            jdbc.sql("update vault_rotation set done = greatest(0, total - ?), updated_at = ?, last_error = null "
                            + "where state = 'RUNNING' and target_version = ?")
                    .params((int) remaining, now(), target).update();
            log.info("Vault key rotation to version {}: {} re-encrypted, {} left", target, rows.get(), remaining);
        }
        return batch.size();
    }

    private void finish(String target) {
        tx.executeWithoutResult(s -> {
            int changed = jdbc.sql("""
                    update vault_rotation set state = 'FINISHED', done = total, finished_at = ?, updated_at = ?, last_error = null
                    where state = 'RUNNING' and target_version = ?""").params(now(), now(), target).update();
            if (changed > 0) {
                audit.record(AuditEvent.of(null, null, "vault.master-key.rotation.finished", "master-key:" + target));
                log.info("Vault key rotation to version {} finished: every credential is wrapped by it. Older versions "
                        + "can be removed from the key set once every backup made before now has expired.", target);
            }
        });
    }

    private Optional<RunRow> running() {
        return jdbc.sql("select id, target_version from vault_rotation where state = 'RUNNING'")
                .query((rs, n) -> new RunRow(rs.getObject(1, UUID.class), rs.getString(2))).optional();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void destroy() {
        stopping = true;
        worker.shutdownNow();
    }

    private record RunRow(UUID id, String target) {}
}

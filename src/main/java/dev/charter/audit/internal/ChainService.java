package dev.charter.audit.internal;

import dev.charter.audit.AuditChain;
import dev.charter.audit.AuditVerification;
import dev.charter.shared.OrgId;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the chain and signs checkpoints. Verification reads one consistent snapshot
 * (repeatable read), so a purge or new events during a long walk do not look like damage.
 * The signer verifies the rows since the previous checkpoint first and never signs a broken
 * chain: signing it would bless the damage.
 */
@Service
class ChainService implements AuditChain {

    private static final Logger log = LoggerFactory.getLogger(ChainService.class);
    static final long CHECKPOINT_LOCK = 7305206003L;

    private final AuditRepository repo;
    private final AuditKeys keys;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate writing;

    ChainService(AuditRepository repo, AuditKeys keys, JdbcClient jdbc, Clock clock, PlatformTransactionManager tx) {
        this.repo = repo;
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
        this.snapshot = new TransactionTemplate(tx);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        this.writing = new TransactionTemplate(tx);
    }

    @Override
    public AuditVerification verify() {
        return walkAll().finish();
    }

    @Override
    public AuditVerification verifyFor(OrgId viewer) {
        return walkAll().finishFor(viewer.value());
    }

    private ChainVerifier walkAll() {
        return snapshot.execute(status -> {
            ChainVerifier.Anchor anchor = repo.anchor();
            ChainVerifier verifier = new ChainVerifier(keys.trusted(), repo.checkpoints(anchor.id() + 1, Long.MAX_VALUE), anchor);
            repo.walk(anchor.id() + 1, Long.MAX_VALUE, row -> verifier.accept(row.link(), row.org()));
            return verifier;
        });
    }

    @Override
    public SigningKey signingKey() {
        return new SigningKey(keys.keyId(), keys.fingerprint(),
                java.util.Base64.getEncoder().encodeToString(keys.publicKey().getEncoded()));
    }

    @Override
    public void signCheckpoint() {
        writing.executeWithoutResult(status -> {
            // one signer at a time across every node; the others skip this round
            if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(CHECKPOINT_LOCK)
                    .query(Boolean.class).single())) {
                return;
            }
            long last = repo.lastId();
            var previous = repo.latestCheckpoint();
            if (last == 0 || previous.map(p -> p.lastId() >= last).orElse(false)) {
                return;
            }
            ChainVerifier.Anchor from = repo.anchor();
            if (previous.isPresent() && previous.get().lastId() > from.id()) {
                Checkpoint p = previous.get();
                if (!repo.hashAt(p.lastId()).map(h -> MessageDigest.isEqual(h, p.lastHash())).orElse(false)) {
                    log.error("Audit chain damaged: row {} no longer matches its signed checkpoint. No new checkpoint is signed; "
                            + "run the verification (/audit/verify) and investigate.", p.lastId());
                    return;
                }
                from = new ChainVerifier.Anchor(p.lastId(), p.lastHash());
            }
            ChainVerifier verifier = new ChainVerifier(keys.trusted(), List.of(), from);
            repo.walk(from.id() + 1, last, row -> verifier.accept(row.link()));
            AuditVerification v = verifier.finish();
            if (!v.intact()) {
                log.error("Audit chain damaged: {} No new checkpoint is signed; investigate.", v.problems().get(0).message());
                return;
            }
            byte[] hash = repo.hashAt(last).orElseThrow();
            repo.insertCheckpoint(keys.sign(last, hash, clock.instant().truncatedTo(ChronoUnit.MICROS)));
        });
    }
}

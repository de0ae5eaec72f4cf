package dev.charter.audit.internal;

import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds an organization's export bundle: the chain from the organization's first event in the
 * window to its last, extended to the next signed checkpoint so the end is signed too. Only the
 * organization's own rows are complete.
 */
@Component
public class BundleExporter {

    /** The most chain rows (the organization's and others') one bundle may span. */
    static final long MAX_SPAN = 200_000;

    private final AuditRepository repo;
    private final AuditKeys keys;
    private final Clock clock;
    private final TransactionTemplate snapshot;

    BundleExporter(AuditRepository repo, AuditKeys keys, Clock clock, PlatformTransactionManager tx) {
        this.repo = repo;
        this.keys = keys;
        this.clock = clock;
        this.snapshot = new TransactionTemplate(tx);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    public AuditBundle export(OrgId org, Instant from, Instant toExclusive, Map<String, String> people) {
        return snapshot.execute(status -> {
            List<AuditBundle.Row> rows = new ArrayList<>();
            List<AuditBundle.Signed> signed = new ArrayList<>();
            Set<String> keyIds = new LinkedHashSet<>();
            var range = repo.idRange(org, from, toExclusive);
            if (range.isPresent()) {
                long lo = range.get()[0];
                long hi = range.get()[1];
                long end = repo.firstCheckpointFrom(hi).filter(c -> c - lo < MAX_SPAN).orElse(hi);
                if (end - lo >= MAX_SPAN) {
                    throw new InvalidInputException("to", "This period spans more than " + MAX_SPAN
                            + " rows of the log. Export a shorter period.");
                }
                repo.walk(lo, end, r -> rows.add(org.value().equals(r.org()) ? AuditBundle.Row.complete(r)
                        : AuditBundle.Row.redacted(r)));
                for (Checkpoint c : repo.checkpoints(lo, end)) {
                    signed.add(AuditBundle.Signed.of(c));
                    keyIds.add(c.keyId());
                }
            }
            keyIds.add(keys.keyId());
            List<AuditBundle.Key> publicKeys = keyIds.stream().filter(id -> keys.trusted().containsKey(id))
                    .map(id -> new AuditBundle.Key(id, "Ed25519",
                            Base64.getEncoder().encodeToString(keys.trusted().get(id).getEncoded()),
                            AuditKeys.fingerprintOf(keys.trusted().get(id))))
                    .toList();
            return new AuditBundle(AuditBundle.FORMAT, clock.instant(), org.value(), from, toExclusive, publicKeys, rows,
                    signed, people);
        });
    }
}

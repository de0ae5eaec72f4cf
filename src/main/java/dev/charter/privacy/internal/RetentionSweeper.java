package dev.charter.privacy.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataContract;
import dev.charter.privacy.RetentionPurge;
import dev.charter.privacy.RetentionRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enforces every declared retention rule (RET-2): time-based rules with bounded batched deletes,
 * owner-enforced rules through the owner's {@link RetentionPurge}. Account and organization rules
 * need no sweep: their rows go in the deleting transaction (ON DELETE CASCADE). Each sweep is
 * recorded in the audit log with counts only, and counted in {@code charter.retention.deleted}.
 * The schedule (one node per sweep) is in {@link PrivacyTasks}.
 */
@Component
class RetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    static final String METRIC = "charter.retention.deleted";

    /** What one sweep did: rows removed per data class, and classes whose owner purge is missing. */
    record Sweep(Instant at, Map<String, Long> deleted, List<String> unenforced) {
        public long total() {
            return deleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final DataContract contract;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock;
    private final PrivacySettings settings;
    private final Map<String, RetentionPurge> purges = new HashMap<>();
    private final Map<String, Counter> counters = new HashMap<>();

    RetentionSweeper(DataContract contract, JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, Clock clock,
                     PrivacySettings settings, List<RetentionPurge> purges, MeterRegistry meters) {
        this.contract = contract;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        purges.forEach(p -> this.purges.put(p.dataClass(), p));
        for (DataClass c : contract.dataClasses()) {
            counters.put(c.name(), Counter.builder(METRIC).tag("data_class", c.name())
                    .description("Rows removed by the retention sweeper").baseUnit("rows").register(meters));
        }
    }

    /** True when the sweeper (generic SQL or an owner purge) enforces the class's rule on each sweep. */
    boolean enforces(DataClass c) {
        return purges.containsKey(c.name()) || RetentionSql.delete(c, Instant.EPOCH, 1).isPresent();
    }

    /** Runs one sweep over every data class at the injected clock's "now". */
    Sweep sweep() {
        Instant now = clock.instant();
        Map<String, Long> deleted = new TreeMap<>();
        List<String> unenforced = new java.util.ArrayList<>();
        for (DataClass c : contract.dataClasses()) {
            long n;
            RetentionPurge purge = purges.get(c.name());
            if (purge != null) {
                n = purgeWith(purge, now);
            } else if (RetentionSql.delete(c, now, 1).isPresent()) {
                n = deleteBatches(c, now);
            } else {
                if (c.retention() instanceof RetentionRule.LegalMinimum || c.retention() instanceof RetentionRule.OrganizationChoice) {
                    unenforced.add(c.name());
                }
                continue;
            }
            if (n > 0) {
                deleted.put(c.name(), n);
                counters.get(c.name()).increment(n);
            }
        }
        if (!unenforced.isEmpty()) {
            log.warn("Retention: no purge is registered for {}; their owner module must provide a RetentionPurge", unenforced);
        }
        Sweep sweep = new Sweep(now, deleted, List.copyOf(unenforced));
        record(sweep);
        return sweep;
    }

    private long deleteBatches(DataClass c, Instant now) {
        int batch = settings.sweepBatch();
        long total = 0;
        for (int i = 0; i < settings.sweepMaxBatches(); i++) {
            var st = RetentionSql.delete(c, now, batch).orElseThrow();
            Integer n = tx.execute(s -> jdbc.sql(st.sql()).params(st.params()).update());
            total += n == null ? 0 : n;
            if (n == null || n < batch) {
                break;
            }
        }
        return total;
    }

    private long purgeWith(RetentionPurge purge, Instant now) {
        long total = 0;
        for (int i = 0; i < settings.sweepMaxBatches(); i++) {
            Long n = tx.execute(s -> purge.purge(now, settings.sweepBatch()));
            total += n == null ? 0 : n;
            if (n == null || n < settings.sweepBatch()) {
                break;
            }
        }
        return total;
    }

    private void record(Sweep sweep) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("total", Long.toString(sweep.total()));
        sweep.deleted().forEach((k, v) -> details.put(k, Long.toString(v)));
        if (!sweep.unenforced().isEmpty()) {
            details.put("unenforced", String.join(",", sweep.unenforced()));
        }
        tx.executeWithoutResult(s -> audit.record(new AuditEvent(null, null, null, "privacy.retention.swept", "retention",
                details)));
    }
}

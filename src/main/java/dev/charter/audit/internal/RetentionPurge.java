package dev.charter.audit.internal;

import dev.charter.audit.AuditRetention;
import dev.charter.storage.CleanupDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The retention purge. It connects only through the cleanup role's pool, which can execute
 * {@code audit_purge} and nothing else; the function itself decides what is old enough.
 */
@Component
class RetentionPurge implements AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    static final int BATCH = 10_000;

    private final JdbcClient cleanup;
    private final String cleanupUser;
    private final AuditRepository repo;
    private final AuditSettings settings;

    RetentionPurge(CleanupDatabase cleanup, AuditRepository repo, AuditSettings settings) {
        this.cleanup = JdbcClient.create(cleanup.dataSource());
        this.cleanupUser = cleanup.user();
        this.repo = repo;
        this.settings = settings;
    }

    @Override
    public int months() {
        return repo.retentionMonths();
    }

    @Override
    public long purgeExpired() {
        long total = 0;
        long n;
        do {
            n = cleanup.sql("select audit_purge(null, ?)").param(BATCH).query(Long.class).single();
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            log.info("Audit retention purge removed {} events older than the retention window", total);
        }
        return total;
    }

    /** The scheduled run: a failure is logged with what to do and retried next time. */
    void scheduledPurge() {
        try {
            purgeExpired();
        } catch (DataAccessException e) {
            log.warn("The audit retention purge could not run as role {}: {}. Create the role and grant it EXECUTE on "
                    + "audit_purge (docs/operations-database.md), and set CHARTER_DATABASE_CLEANUP_USER/_PASSWORD.",
                    cleanupUser, e.getMostSpecificCause().getMessage());
        }
    }

    /** Applies CHARTER_AUDIT_RETENTION_MONTHS when set; the database refuses fewer than 13 months. */
    @EventListener(ApplicationReadyEvent.class)
    void applyConfiguredRetention() {
        Integer wanted = settings.retentionMonths();
        if (wanted == null || wanted == repo.retentionMonths()) {
            return;
        }
        try {
            repo.setRetentionMonths(wanted);
            log.info("Audit retention set to {} months", wanted);
        } catch (DataAccessException e) {
            throw new IllegalStateException("CHARTER_AUDIT_RETENTION_MONTHS=" + wanted + " was refused by the database: "
                    + "audit events are kept at least 13 months.", e);
        }
    }
}

package dev.charter.operations.internal;

import dev.charter.operations.Backups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled backup ({@code CHARTER_BACKUP_SCHEDULE}, daily at 03:30 UTC by default; {@code -} turns it
 * off). One node per round makes it: the others find the advisory lock taken and skip.
 */
@Component
class ScheduledBackups {

    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);
    static final long LOCK = 7305206011L;

    private final Backups backups;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    ScheduledBackups(Backups backups, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.backups = backups;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(cron = "${charter.backup.schedule:0 30 3 * * *}", zone = "UTC")
    void backUp() {
        try {
            tx.executeWithoutResult(s -> {
                if (Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single())) {
                    backups.backUp(step -> log.debug("Backup: {}", step));
                }
            });
        } catch (RuntimeException e) {
            log.error("The scheduled backup failed: {}. The previous backups are kept; the next round tries again.", e.getMessage());
        }
    }
}

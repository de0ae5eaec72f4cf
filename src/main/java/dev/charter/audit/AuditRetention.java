package dev.charter.audit;

/**
 * Retention of the audit log: events are kept for the policy's months (never fewer than 13, which
 * the database itself enforces) and then purged. The purge runs as the cleanup role, which may do
 * nothing else (claims AUD-3, AUD-4). A privacy sweeper may call {@link #purgeExpired()}.
 */
public interface AuditRetention {

    /** The retention window in months, as the database holds it. */
    int months();

    /** Deletes the events older than the retention window; answers how many went. */
    long purgeExpired();
}

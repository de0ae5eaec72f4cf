package dev.charter.audit;

/**
 * Appends an event in a transaction of its own and returns once it is committed, whatever the caller's
 * transaction does afterwards: for records that must stand even if the caller fails, such as the egress
 * gateway's decision to send a request. Concurrent callers share one commit of the chain.
 */
public interface CommittedAuditLog {

    void record(AuditEvent event);
}

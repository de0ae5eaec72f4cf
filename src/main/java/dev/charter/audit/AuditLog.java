package dev.charter.audit;

/** Appends to the audit log. Joins the caller's transaction: an event is kept only if the change it describes is. */
public interface AuditLog {
    void record(AuditEvent event);
}

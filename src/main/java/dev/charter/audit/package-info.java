/**
 * Audit: the append-only record of every security-relevant event. Other modules write through
 * {@link dev.charter.audit.AuditLog}; nothing else touches the audit tables.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package dev.charter.audit;

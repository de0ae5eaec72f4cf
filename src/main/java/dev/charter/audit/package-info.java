/**
 * Audit: the append-only, tamper-evident record of every security-relevant event (claims AUD-1 to
 * AUD-4). Other modules write through {@link dev.charter.audit.AuditLog}; nothing else touches the
 * audit tables. Events form one global SHA-256 hash chain with Ed25519-signed checkpoints
 * ({@link dev.charter.audit.AuditChain}); people are stored as keyed pseudonyms; retention (at
 * least 13 months, enforced by the database) is purged only through the cleanup role
 * ({@link dev.charter.audit.AuditRetention}). {@link dev.charter.audit.AuditBundleCommand} verifies an
 * exported bundle offline. See docs/audit.md and docs/adr/0010 to 0012.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package dev.charter.audit;

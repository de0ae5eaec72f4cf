/**
 * Storage: where Charter's PostgreSQL comes from. With no {@code CHARTER_DATABASE_URL} the
 * application starts a real PostgreSQL itself (data under {@code ./data/postgres}); otherwise it
 * connects to the external server. Migrations run as the owner role, the application as a
 * non-owner role, so that grants (for example on the audit log) bind the application; a third
 * role, reachable only through {@link dev.charter.storage.CleanupDatabase}, may run the audit
 * retention purge and nothing else (docs/operations-database.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage")
package dev.charter.storage;

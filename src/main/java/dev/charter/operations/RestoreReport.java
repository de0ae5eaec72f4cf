package dev.charter.operations;

import java.time.Instant;

/**
 * What a restore did.
 *
 * @param backupCreatedAt      when the restored snapshot was taken
 * @param schemaVersion        the database schema version of the backup (migrated forward after the data)
 * @param tables               tables restored
 * @param rows                 rows restored
 * @param organizationsErased  organizations the erasure journal erased again
 * @param accountsErased       accounts the erasure journal erased again
 */
public record RestoreReport(Instant backupCreatedAt, String schemaVersion, int tables, long rows,
                            int organizationsErased, int accountsErased) {}

package dev.charter.operations.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The two keys of backups, both held by the server only (never in the database, never the vault's
 * master key): the backup key that encrypts backup files, and the journal key that turns an erased id
 * into the keyed hash the erasure journal keeps. Each comes from the environment or a key file under
 * {@code keys/}. Back both up apart from the backups: a backup without its key is unreadable.
 */
@Component
class BackupKeys {

    private final byte[] backupKey;
    private final byte[] journalKey;

    BackupKeys(BackupSettings settings, CharterSettings charter) {
        this.backupKey = key(settings.key(), charter, "backup.key", "backup", "CHARTER_BACKUP_KEY");
        this.journalKey = key(settings.journalKey(), charter, "erasure-journal.key", "erasure journal", "CHARTER_BACKUP_JOURNAL_KEY");
    }

    private static byte[] key(String env, CharterSettings charter, String file, String purpose, String envName) {
        if (env != null && !env.isBlank()) {
            byte[] k;
            try {
                k = Base64.getDecoder().decode(env.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(envName + " is not base64. Set it to base64 of 32 random bytes.");
            }
            if (k.length != 32) {
                throw new IllegalStateException(envName + " must be 32 bytes (base64 of 32 random bytes), not " + k.length + ".");
            }
            return k;
        }
        byte[] k = KeyFiles.readOrCreate(charter.dataDir().resolve("keys").resolve(file), 32, purpose, envName);
        return k.length == 32 ? k : java.util.Arrays.copyOf(k, 32);
    }

    byte[] backupKey() {
        return backupKey.clone();
    }

    byte[] journalKey() {
        return journalKey.clone();
    }
}

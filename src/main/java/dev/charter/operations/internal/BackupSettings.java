package dev.charter.operations.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups ({@code CHARTER_BACKUP_*}).
 *
 * @param dir        the folder backups and the erasure journal are written to; empty means
 *                   {@code $CHARTER_DATA_DIR/backups}. With several nodes, a folder they share.
 * @param schedule   when the scheduled backup runs (Spring cron, UTC); {@code -} switches it off
 * @param key        the backup key as base64 of 32 random bytes (environment only); empty means the key file
 *                   {@code keys/backup.key}
 * @param journalKey the erasure journal's HMAC key, base64 of 32 bytes; empty means {@code keys/erasure-journal.key}
 */
@ConfigurationProperties("charter.backup")
record BackupSettings(Path dir, @DefaultValue("0 30 3 * * *") String schedule, String key, String journalKey) {

    @Override
    public String toString() {
        return "BackupSettings[dir=" + dir + ", schedule=" + schedule + "]";
    }
}

package dev.charter.vault;

import java.time.Instant;

/**
 * Where the latest master key rotation stands.
 *
 * @param state          NONE (never rotated), RUNNING, FINISHED or SUPERSEDED
 * @param currentVersion the master key version new credentials are wrapped with
 * @param remaining      credentials still wrapped by an older version
 * @param lastError      why the last batch stopped, if it did (never secret material)
 */
public record RotationProgress(String state, String targetVersion, String currentVersion, int total, int done,
                               long remaining, Instant startedAt, Instant updatedAt, Instant finishedAt, String lastError) {

    public int percent() {
        return total == 0 ? 100 : (int) Math.min(100, (done * 100L) / total);
    }
}

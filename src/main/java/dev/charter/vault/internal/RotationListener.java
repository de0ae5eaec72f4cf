package dev.charter.vault.internal;

/**
 * Told about each credential re-encrypted during a master key rotation, inside the batch's transaction:
 * throwing aborts the batch as a crash would (tests use this to interrupt a rotation midway).
 */
interface RotationListener {
    void rewrapped(int rowsInThisRun);
}

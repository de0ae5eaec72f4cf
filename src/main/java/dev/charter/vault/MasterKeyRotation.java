package dev.charter.vault;

/**
 * Master key rotation without downtime (VLT-6): a new key version wraps new credentials at once, and a
 * background worker re-wraps the stored ones, a batch per transaction (docs/vault.md).
 */
public interface MasterKeyRotation {

    /** Adds a master key version and starts re-encrypting; refused while a rotation runs or when the key is held outside Charter. */
    RotationProgress rotate();

    /** Where the latest rotation stands. */
    RotationProgress progress();
}

package dev.charter.vault;

import com.google.crypto.tink.Aead;

/**
 * Where the master key lives: the key that wraps every credential's data key. It never sits in the
 * database. Charter ships two providers: a key file ({@code CHARTER_MASTER_KEY_FILE}, created on first start)
 * and an environment secret ({@code CHARTER_MASTER_KEY}). To use a key-management service, declare a Spring bean
 * of this type: for example one whose {@link #aead()} is Tink's {@code KmsClient.getAead(keyUri)}, so that the
 * master key never leaves the service either. See docs/vault.md.
 */
public interface MasterKeyProvider {

    /**
     * Encrypts with the current key version and decrypts with any version still known, with associated
     * data. Ciphertexts must identify the version that made them (Tink's key-id prefix does).
     */
    Aead aead();

    /** Names the version {@link #aead()} encrypts with now. Stored next to each wrapped key so that rotation
     * knows what is left to re-encrypt. */
    String currentVersion();

    /** Where the key is, for log lines and error messages. Never key material. */
    String description();

    /**
     * Makes a new key version current, keeping the old ones for decryption. Providers that cannot
     * (an environment variable, a service rotated from its own console) throw {@link UnsupportedOperationException}
     * with a sentence that says how to rotate instead.
     */
    default void addVersion() {
        throw new UnsupportedOperationException("This master key (" + description()
                + ") is rotated outside Charter: give Charter a key set whose primary key is new; "
                + "Charter re-encrypts what the old version wrapped on its next start.");
    }
}

package dev.charter.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.charter.vault.CredentialUnreadableException;
import dev.charter.vault.SecretRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption (docs/adr/0030-vault-envelope-encryption.md): every credential gets its own
 * AES-256-GCM data key (a one-key Tink keyset); the credential is encrypted with it, and the data key is
 * encrypted ("wrapped") by the master key. Both steps bind the credential's organization, id and purpose as
 * associated data, so neither ciphertext decrypts anywhere else.
 */
@Component
class Envelope {

    /** A sealed credential: what the database keeps. */
    record Sealed(byte[] ciphertext, byte[] wrappedKey, String masterKeyVersion) {}

    private final KeyRing keys;

    Envelope(KeyRing keys) {
        this.keys = keys;
    }

    Sealed seal(SecretRef ref, byte[] plaintext) {
        try {
            KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Aead aead = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class);
            byte[] ciphertext = aead.encrypt(plaintext, associatedData("data", ref));
            String version = keys.master().currentVersion();
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keys.master().aead(),
                    associatedData("key", ref));
            return new Sealed(ciphertext, wrapped, version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt the credential with the vault master key ("
                    + keys.master().description() + ")", e);
        }
    }

    /** Decrypts; the caller zeroes the result. */
    byte[] open(SecretRef ref, byte[] ciphertext, byte[] wrappedKey) {
        try {
            KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedKey, keys.master().aead(),
                    associatedData("key", ref));
            return dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class)
                    .decrypt(ciphertext, associatedData("data", ref));
        } catch (GeneralSecurityException e) {
            throw new CredentialUnreadableException("Credential " + ref.credentialId() + " does not decrypt: it was not "
                    + "encrypted for this organization, id and purpose, or under a master key this server holds. "
                    + "Reconnect it.");
        }
    }

    /** Wraps the same data key under the master key's current version, without decrypting the credential. */
    Sealed rewrap(SecretRef ref, byte[] ciphertext, byte[] wrappedKey) {
        try {
            byte[] ad = associatedData("key", ref);
            KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedKey, keys.master().aead(), ad);
            String version = keys.master().currentVersion();
            return new Sealed(ciphertext, TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keys.master().aead(), ad),
                    version);
        } catch (GeneralSecurityException e) {
            throw new CredentialUnreadableException("Credential " + ref.credentialId() + " cannot be re-encrypted: its "
                    + "data key does not decrypt with the master key (" + keys.master().description() + ").");
        }
    }

    static byte[] associatedData(String layer, SecretRef ref) {
        return ("charter.vault/" + layer + "/v1|" + ref.org().value() + "|" + ref.credentialId() + "|" + ref.purpose())
                .getBytes(StandardCharsets.UTF_8);
    }
}

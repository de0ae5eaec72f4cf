package dev.charter.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import dev.charter.vault.MasterKeyProvider;
import java.security.GeneralSecurityException;

/** A master key held as a Tink AES-256-GCM keyset in this process (from a file or the environment). */
abstract class TinkMasterKey implements MasterKeyProvider {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink AEAD is not available", e);
        }
    }

    private volatile KeysetHandle keyset;
    private volatile Aead aead;

    protected void use(KeysetHandle handle) {
        try {
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.keyset = handle;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key (" + description() + ") is not an AEAD key set: "
                    + "it must hold AES-256-GCM keys", e);
        }
    }

    protected KeysetHandle keyset() {
        return keyset;
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public String currentVersion() {
        return Integer.toUnsignedString(keyset.getPrimary().getId());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + description() + "]";
    }
}

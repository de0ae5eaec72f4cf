package dev.charter.vault.internal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The master key from the environment secret {@code CHARTER_MASTER_KEY}: base64 of exactly 32 random bytes
 * (one AES-256-GCM key), or a Tink keyset as JSON or as base64 of its binary form (several versions, for rotation).
 */
final class EnvironmentMasterKey extends TinkMasterKey {

    static final String HOW = "CHARTER_MASTER_KEY must be base64 of 32 random bytes (for example the output of "
            + "'openssl rand -base64 32') or a Tink AES-256-GCM keyset (JSON, or base64 of the binary form)";

    EnvironmentMasterKey(String value) {
        use(parse(value.trim()));
    }

    private static KeysetHandle parse(String value) {
        try {
            if (value.startsWith("{")) {
                return TinkJsonProtoKeysetFormat.parseKeyset(value, InsecureSecretKeyAccess.get());
            }
            byte[] bytes = decode(value);
            try {
                if (bytes.length == 32) {
                    return raw(bytes);
                }
                return TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(HOW + ". The value given could not be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notStandard) {
            return Base64.getUrlDecoder().decode(value);
        }
    }

    /** One raw key, without Tink's key-id prefix; its id is derived from the key so that it is stable across starts. */
    private static KeysetHandle raw(byte[] key) throws GeneralSecurityException {
        AesGcmParameters parameters = AesGcmParameters.builder()
                .setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        AesGcmKey aesKey = AesGcmKey.builder().setParameters(parameters)
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
        int id = ByteBuffer.wrap(digest).getInt() & 0x7fffffff;
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(aesKey).withFixedId(id).makePrimary())
                .build();
    }

    @Override
    public String description() {
        return "environment variable CHARTER_MASTER_KEY";
    }
}

package dev.charter.operations.internal;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Backup files: a plain format line, then the whole content under Tink's streaming AES-256-GCM with
 * HKDF-SHA256 (1 MiB segments), so a backup of any size is encrypted as it is written and every segment
 * is authenticated: a changed, reordered or truncated file fails to decrypt. The key is the backup key,
 * never the vault's master key and never in the database.
 */
final class BackupCrypto {

    static final byte[] MAGIC = "charter-backup/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SEGMENT = 1 << 20;

    private final StreamingAead aead;

    BackupCrypto(byte[] key) {
        try {
            this.aead = new AesGcmHkdfStreaming(key, "HmacSha256", 32, SEGMENT, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The backup key cannot be used: " + e.getMessage(), e);
        }
    }

    OutputStream encrypting(OutputStream file) throws IOException {
        file.write(MAGIC);
        try {
            return aead.newEncryptingStream(file, MAGIC);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot encrypt the backup: " + e.getMessage(), e);
        }
    }

    InputStream decrypting(InputStream file, String name) throws IOException {
        byte[] head = file.readNBytes(MAGIC.length);
        if (!Arrays.equals(head, MAGIC)) {
            throw new IllegalArgumentException(name + " is not a Charter backup (it does not start with charter-backup/1).");
        }
        try {
            return aead.newDecryptingStream(file, MAGIC);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot decrypt " + name + ": " + e.getMessage(), e);
        }
    }
}

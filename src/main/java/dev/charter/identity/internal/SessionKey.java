package dev.charter.identity.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.nio.file.Path;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The HMAC key that signs session tokens: {@code CHARTER_IDENTITY_SESSION_KEY}, or a key file
 * created with owner-only permissions under the data folder on first start. Losing it signs
 * everybody out and nothing else.
 */
@Component
class SessionKey {

    private final byte[] key;

    SessionKey(IdentitySettings settings, CharterSettings charter) {
        this.key = settings.sessionKey() != null && !settings.sessionKey().isBlank()
                ? decode(settings.sessionKey())
                : fromFile(charter.dataDir().resolve("keys").resolve("session.key"));
    }

    byte[] bytes() {
        return key.clone();
    }

    private static byte[] decode(String base64) {
        byte[] k = Base64.getDecoder().decode(base64.trim());
        if (k.length < 32) {
            throw new IllegalStateException("CHARTER_IDENTITY_SESSION_KEY must hold at least 32 bytes (base64)");
        }
        return k;
    }

    private static byte[] fromFile(Path file) {
        return KeyFiles.readOrCreate(file, 32, "session signing", "CHARTER_IDENTITY_SESSION_KEY");
    }
}

package dev.charter.identity.internal;

import dev.charter.storage.CharterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The HMAC key that signs session tokens: {@code CHARTER_IDENTITY_SESSION_KEY}, or a key file
 * created with owner-only permissions under the data folder on first start. Losing it signs
 * everybody out and nothing else.
 */
@Component
class SessionKey {

    private static final Logger log = LoggerFactory.getLogger(SessionKey.class);
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
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file));
            }
            Files.createDirectories(file.getParent());
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Path tmp = Files.createTempFile(file.getParent(), "session", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(k));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("Created the session signing key {}", file.toAbsolutePath());
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the session key " + file
                    + "; set CHARTER_IDENTITY_SESSION_KEY or make the data folder writable", e);
        }
    }
}

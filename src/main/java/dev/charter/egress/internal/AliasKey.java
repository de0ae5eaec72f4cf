package dev.charter.egress.internal;

import dev.charter.storage.CharterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server key behind DLP aliases: {@code CHARTER_EGRESS_ALIAS_KEY}, or a key file created with owner-only
 * permissions under the data folder on first start. Losing it only changes the aliases of secrets replaced from
 * then on.
 */
final class AliasKey {

    private static final Logger log = LoggerFactory.getLogger(AliasKey.class);

    private AliasKey() {}

    static byte[] load(EgressSettings settings, CharterSettings charter) {
        if (settings.aliasKey() != null && !settings.aliasKey().isBlank()) {
            return decode(settings.aliasKey(), "CHARTER_EGRESS_ALIAS_KEY");
        }
        Path file = charter.dataDir().resolve("keys").resolve("egress-alias.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file), file.toString());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(file.getParent(), "egress-alias", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Created the DLP alias key {}", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the DLP alias key " + file
                    + "; set CHARTER_EGRESS_ALIAS_KEY or make the data folder writable", e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException(source + " must hold at least 32 bytes (base64)");
        }
        return key;
    }
}

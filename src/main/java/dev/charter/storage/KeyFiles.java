package dev.charter.storage;

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
 * Server-held keys kept in files under the data folder: created on first start with owner-only
 * permissions (written to a temporary file, then moved in place), base64 inside, and announced in
 * the log with what to back up.
 */
public final class KeyFiles {

    private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);
    private static final SecureRandom random = new SecureRandom();

    private KeyFiles() {}

    /**
     * The key in {@code file}, or a new random key of {@code length} bytes written there.
     *
     * @param purpose what the key is for, for the log line and errors
     * @param envName the environment variable that can supply the key instead, for the error message
     */
    public static byte[] readOrCreate(Path file, int length, String purpose, String envName) {
        try {
            if (Files.exists(file)) {
                byte[] k = Base64.getDecoder().decode(Files.readString(file).trim());
                if (k.length < length) {
                    throw new IllegalStateException("The " + purpose + " key in " + file + " is shorter than " + length
                            + " bytes. Restore it from your backup or set " + envName + ".");
                }
                return k;
            }
            Files.createDirectories(file.getParent());
            byte[] k = new byte[length];
            random.nextBytes(k);
            Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(k));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            log.warn("Created the {} key {} (owner-only). Back it up apart from the database.", purpose, file.toAbsolutePath());
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the " + purpose + " key " + file
                    + ". Make the data folder writable or set " + envName + ".", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The " + purpose + " key in " + file + " is not base64. Restore it or set "
                    + envName + ".", e);
        }
    }
}

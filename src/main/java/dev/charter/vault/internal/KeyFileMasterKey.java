package dev.charter.vault.internal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key as a Tink JSON keyset in a file readable by its owner only. Rotation adds a key to the
 * file and makes it primary; the old keys stay so that what they wrapped still decrypts.
 */
final class KeyFileMasterKey extends TinkMasterKey {

    private static final Logger log = LoggerFactory.getLogger(KeyFileMasterKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    private KeyFileMasterKey(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }

    /** Reads an existing key file; fails with what to do if it is unreadable. */
    static KeyFileMasterKey read(Path file) {
        KeyFileMasterKey key = new KeyFileMasterKey(file);
        try {
            warnIfShared(key.file);
            String json = Files.readString(key.file, StandardCharsets.UTF_8);
            key.use(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
            return key;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the vault master key file " + key.file + " (" + e.getClass().getSimpleName()
                    + "). Make it readable by the user Charter runs as, or restore it from your backup; "
                    + "alternatively set CHARTER_MASTER_KEY.", e);
        }
    }

    /** Creates a new key file (fails if one appeared meanwhile: then that one is read). */
    static KeyFileMasterKey create(Path file) {
        KeyFileMasterKey key = new KeyFileMasterKey(file);
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Path dir = key.file.getParent();
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException | IOException e) {
                log.debug("Could not restrict {}: {}", dir, e.toString());
            }
            Path tmp = key.writeTemp(handle);
            try {
                Files.createLink(key.file, tmp);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
                return read(file);
            }
            Files.deleteIfExists(tmp);
            key.use(handle);
            log.warn("Created a new vault master key in {}. It is the only key that can decrypt the stored connector "
                    + "credentials: back it up now, and keep the backup apart from database backups. Losing it means "
                    + "reconnecting every connection.", key.file);
            return key;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the vault master key file " + key.file
                    + ". Make the folder writable, point CHARTER_MASTER_KEY_FILE elsewhere, or set CHARTER_MASTER_KEY.", e);
        }
    }

    @Override
    public String description() {
        return "key file " + file;
    }

    @Override
    public synchronized void addVersion() {
        try {
            KeysetHandle next = KeysetHandle.newBuilder(keyset())
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            Path tmp = writeTemp(next);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            use(next);
            log.warn("Added master key version {} to {}. Back the file up again now: the old backup cannot decrypt "
                    + "credentials re-encrypted under the new version.", currentVersion(), file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not add a version to the master key file " + file
                    + "; nothing was changed. Check that the folder is writable.", e);
        }
    }

    private Path writeTemp(KeysetHandle handle) throws IOException, GeneralSecurityException {
        Path tmp = Files.createTempFile(file.getParent(), "master", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(tmp, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()),
                StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return tmp;
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("The vault master key file {} can be read by other users ({}); restrict it with chmod 600.",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot check permissions of {}: {}", file, e.toString());
        }
    }
}

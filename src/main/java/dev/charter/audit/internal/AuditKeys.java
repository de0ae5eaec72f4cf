package dev.charter.audit.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two audit keys the server holds and the database never sees: the HMAC key that turns a
 * user id into a pseudonym, and the Ed25519 key that signs checkpoints. Taken from the
 * environment, else from files under {@code <data-dir>/keys/} created with mode 0600 on first
 * start. Nothing here hands a secret out; callers get pseudonyms and signatures.
 */
@Component
public class AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);
    static final String PSEUDONYM_FILE = "audit-pseudonym.key";
    static final String SIGNING_FILE = "audit-signing.key";
    private static final String PERSON_DOMAIN = "charter-audit-person/1";

    private final SecretKeySpec pseudonymKey;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final Map<String, PublicKey> trusted;

    AuditKeys(AuditSettings settings, CharterSettings charter) {
        Path dir = charter.dataDir().resolve("keys");
        byte[] raw = settings.pseudonymKey() != null && !settings.pseudonymKey().isBlank()
                ? Base64.getDecoder().decode(settings.pseudonymKey().strip())
                : KeyFiles.readOrCreate(dir.resolve(PSEUDONYM_FILE), 32, "audit pseudonym", "CHARTER_AUDIT_PSEUDONYM_KEY");
        if (raw.length < 32) {
            throw new IllegalStateException("The audit pseudonym key must be at least 32 bytes (base64 of 32 random bytes).");
        }
        this.pseudonymKey = new SecretKeySpec(raw, "HmacSHA256");
        String signing = settings.signingKey() != null && !settings.signingKey().isBlank() ? settings.signingKey()
                : readOrCreate(dir.resolve(SIGNING_FILE), AuditKeys::newSigningKey);
        KeyPair pair = parseSigningKey(signing.strip());
        this.signingKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = keyIdOf(publicKey);
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(keyId, publicKey);
        for (String k : settings.trustedKeys()) {
            if (!k.isBlank()) {
                PublicKey old = publicKeyFromBase64(k.strip());
                keys.put(keyIdOf(old), old);
            }
        }
        this.trusted = Collections.unmodifiableMap(keys);
        log.info("Audit checkpoints are signed with Ed25519 key {}", keyId);
    }

    /** The keyed pseudonym of a person: HMAC-SHA256 over a domain label and the user id's 16 bytes. */
    public byte[] pseudonym(UUID person) {
        if (person == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pseudonymKey);
            return mac.doFinal(Canonical.of(PERSON_DOMAIN).uuid(person).toBytes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    Checkpoint sign(long lastId, byte[] lastHash, Instant at) {
        return Checkpoint.sign(lastId, lastHash, at, keyId, signingKey);
    }

    /** The public keys whose checkpoints this server accepts, by key id (the current one first). */
    public Map<String, PublicKey> trusted() {
        return trusted;
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** SHA-256 of the public key's X.509 encoding, in hex groups, for people to compare. */
    public String fingerprint() {
        return fingerprintOf(publicKey);
    }

    public static String fingerprintOf(PublicKey key) {
        String hex = HexFormat.of().formatHex(Canonical.sha256(key.getEncoded()));
        return String.join(":", hex.split("(?<=\\G.{8})"));
    }

    /** The first 16 hex digits of the SHA-256 of the X.509 encoding. */
    public static String keyIdOf(PublicKey key) {
        return HexFormat.of().formatHex(Canonical.sha256(key.getEncoded()), 0, 8);
    }

    public static PublicKey publicKeyFromBase64(String x509) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(x509)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a base64 X.509 Ed25519 public key", e);
        }
    }

    static KeyPair parseSigningKey(String value) {
        String[] parts = value.split(":");
        if (parts.length != 3 || !parts[0].equals("ed25519")) {
            throw new IllegalStateException("The audit signing key must look like ed25519:<base64 PKCS#8>:<base64 X.509>.");
        }
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[2])));
            KeyPair pair = new KeyPair(pub, priv);
            Checkpoint probe = Checkpoint.sign(0, new byte[32], Instant.EPOCH, "probe", priv);
            if (!probe.verifies(pub)) {
                throw new IllegalStateException("The audit signing key's private and public halves do not belong together.");
            }
            return pair;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The audit signing key could not be read; expected ed25519:<base64 PKCS#8>:<base64 X.509>.", e);
        }
    }

    static String newSigningKey() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return "ed25519:" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ":"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
        }
    }

    /**
     * Reads a key file, or creates it: written to a private temporary file first and then linked
     * into place, so a concurrent starter never reads half a key and never overwrites one.
     */
    static String readOrCreate(Path file, Supplier<String> generator) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Path dir = file.getParent();
            Files.createDirectories(dir);
            trySetMode(dir, "rwx------");
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".new");
            try {
                trySetMode(tmp, "rw-------");
                Files.writeString(tmp, generator.get() + "\n", StandardCharsets.UTF_8);
                try {
                    Files.createLink(file, tmp);
                    log.info("Created audit key file {}", file);
                } catch (FileAlreadyExistsException raced) {
                    // another starter was first; use its key
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the audit key file " + file
                    + ". Check the folder is writable, or set the key in the environment (docs/audit.md).", e);
        }
    }

    private static void trySetMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes: the folder's own protection applies
        }
    }
}

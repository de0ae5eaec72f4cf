package dev.charter.vault.internal;

import dev.charter.shared.OrgId;
import dev.charter.storage.CharterSettings;
import dev.charter.vault.MasterKeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The vault's keys, checked at start: the master key (from a {@link MasterKeyProvider} bean, the
 * environment, or the key file) and the fingerprint key it wraps. Charter refuses to start when
 * credentials are stored and the master key is missing or is not the one that wrapped them.
 */
@Component
class KeyRing {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
    static final byte[] FINGERPRINT_KEY_AD = "charter.vault/fingerprint-key/v1".getBytes(StandardCharsets.UTF_8);

    private final MasterKeyProvider master;
    private final JdbcClient jdbc;
    private final byte[] fingerprintRoot;

    KeyRing(ObjectProvider<MasterKeyProvider> custom, MasterKeySettings settings, CharterSettings charter, JdbcClient jdbc) {
        this.jdbc = jdbc;
        long stored = jdbc.sql("select count(*) from vault_credential").query(Long.class).single();
        this.master = choose(custom.getIfUnique(), settings, charter, stored);
        this.fingerprintRoot = openOrCreateFingerprintKey(stored);
        log.info("Vault master key: {} (version {}); {} stored credential(s)", master.description(),
                master.currentVersion(), stored);
    }

    MasterKeyProvider master() {
        return master;
    }

    /** The HMAC key of one organization's fingerprints, derived from the fingerprint key. */
    byte[] fingerprintKey(OrgId org) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintRoot, "HmacSHA256"));
            return mac.doFinal(("org:" + org.value()).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Re-wraps the fingerprint key under the master key's current version (rotation). */
    void rewrapFingerprintKey() {
        jdbc.sql("update vault_keyring set fingerprint_key = ?, master_key_version = ? where id = 1")
                .params(wrap(fingerprintRoot), master.currentVersion()).update();
    }

    private static MasterKeyProvider choose(MasterKeyProvider custom, MasterKeySettings settings, CharterSettings charter,
                                            long stored) {
        if (custom != null) {
            return custom;
        }
        if (settings.fromEnvironment()) {
            return new EnvironmentMasterKey(settings.masterKey());
        }
        Path file = Optional.ofNullable(settings.masterKeyFile())
                .orElse(charter.dataDir().resolve("keys").resolve("master.key"));
        if (KeyFileMasterKey.exists(file)) {
            return KeyFileMasterKey.read(file);
        }
        if (stored > 0) {
            throw new IllegalStateException("The vault master key file " + file.toAbsolutePath().normalize()
                    + " is missing, but the database holds " + stored + " encrypted credential(s) that only it can "
                    + "decrypt. Restore the key file from your backup (or set CHARTER_MASTER_KEY_FILE to where it is, "
                    + "or CHARTER_MASTER_KEY to its value) and start Charter again. Charter does not create a new key "
                    + "while credentials exist, so that nothing is overwritten.");
        }
        return KeyFileMasterKey.create(file);
    }

    private byte[] openOrCreateFingerprintKey(long stored) {
        Optional<byte[]> wrapped = jdbc.sql("select fingerprint_key from vault_keyring where id = 1")
                .query((rs, n) -> rs.getBytes(1)).optional();
        if (wrapped.isPresent()) {
            try {
                return master.aead().decrypt(wrapped.get(), FINGERPRINT_KEY_AD);
            } catch (GeneralSecurityException e) {
                if (stored > 0) {
                    throw new IllegalStateException("The vault master key (" + master.description() + ") is not the key "
                            + "that encrypted the " + stored + " credential(s) in this database, so Charter cannot decrypt "
                            + "them. Start Charter with the original master key: restore the key file from your backup or "
                            + "set CHARTER_MASTER_KEY / CHARTER_MASTER_KEY_FILE to it. If that key is lost for good, the "
                            + "credentials are too: delete the rows of vault_credential and reconnect every connection.");
                }
                log.warn("The vault keyring was made with another master key and no credential is stored; starting a new one.");
                jdbc.sql("delete from vault_keyring").update();
            }
        }
        byte[] root = new byte[32];
        new SecureRandom().nextBytes(root);
        jdbc.sql("insert into vault_keyring (id, fingerprint_key, master_key_version) values (1, ?, ?) on conflict (id) do nothing")
                .params(wrap(root), master.currentVersion()).update();
        // another node may have won the race: use whatever is stored now
        byte[] winner = jdbc.sql("select fingerprint_key from vault_keyring where id = 1").query((rs, n) -> rs.getBytes(1)).single();
        try {
            byte[] opened = master.aead().decrypt(winner, FINGERPRINT_KEY_AD);
            if (!Arrays.equals(opened, root)) {
                Arrays.fill(root, (byte) 0);
            }
            return opened;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Another Charter node started with a different vault master key ("
                    + master.description() + "). Give every node the same master key.");
        }
    }

    private byte[] wrap(byte[] key) {
        try {
            return master.aead().encrypt(key, FINGERPRINT_KEY_AD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The vault master key (" + master.description() + ") cannot encrypt", e);
        }
    }
}

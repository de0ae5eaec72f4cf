package dev.charter.vault.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the vault's master key comes from. Deliberately outside {@code charter.vault} so that the
 * environment variables read {@code CHARTER_MASTER_KEY} and {@code CHARTER_MASTER_KEY_FILE}.
 *
 * @param masterKey     the key itself, when it is an environment secret: base64 of 32 random bytes, or a Tink
 *                      keyset (JSON, or base64 of its binary form); takes precedence over the file
 * @param masterKeyFile key file (a Tink JSON keyset); default {@code <data-dir>/keys/master.key}, created on
 *                      first start with owner-only permissions
 */
@ConfigurationProperties("charter")
record MasterKeySettings(String masterKey, Path masterKeyFile) {

    boolean fromEnvironment() {
        return masterKey != null && !masterKey.isBlank();
    }

    @Override
    public String toString() {
        return "MasterKeySettings[masterKey=" + (fromEnvironment() ? "(set)" : "(not set)")
                + ", masterKeyFile=" + masterKeyFile + "]";
    }
}

package dev.charter.egress.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.util.Base64;

/**
 * The server key behind DLP aliases: {@code CHARTER_EGRESS_ALIAS_KEY}, or a key file created with owner-only
 * permissions under the data folder on first start. Losing it only changes the aliases of secrets replaced from
 * then on.
 */
final class AliasKey {

    private AliasKey() {}

    static byte[] load(EgressSettings settings, CharterSettings charter) {
        if (settings.aliasKey() != null && !settings.aliasKey().isBlank()) {
            return decode(settings.aliasKey(), "CHARTER_EGRESS_ALIAS_KEY");
        }
        return KeyFiles.readOrCreate(charter.dataDir().resolve("keys").resolve("egress-alias.key"), 32, "DLP alias",
                "CHARTER_EGRESS_ALIAS_KEY");
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

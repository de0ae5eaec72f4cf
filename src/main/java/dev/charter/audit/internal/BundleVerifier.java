package dev.charter.audit.internal;

import dev.charter.audit.AuditVerification;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verifies an export bundle offline: no database, no server, only the bundle and the public keys. */
public final class BundleVerifier {

    private BundleVerifier() {}

    /**
     * @param trusted the keys to trust; when empty, the keys inside the bundle are used (which proves the
     *                bundle is consistent, not who signed it: compare the fingerprint with the server's)
     * @throws IllegalArgumentException when the bundle is not readable as one
     */
    public static AuditVerification verify(AuditBundle bundle, Map<String, PublicKey> trusted) {
        if (bundle == null || !AuditBundle.FORMAT.equals(bundle.format())) {
            throw new IllegalArgumentException("not a " + AuditBundle.FORMAT + " file");
        }
        Map<String, PublicKey> keys = trusted.isEmpty() ? bundleKeys(bundle) : trusted;
        List<Checkpoint> checkpoints = bundle.checkpoints() == null ? List.of()
                : bundle.checkpoints().stream().map(AuditBundle.Signed::checkpoint).toList();
        ChainVerifier verifier = new ChainVerifier(keys, checkpoints, null);
        if (bundle.rows() != null) {
            for (AuditBundle.Row row : bundle.rows()) {
                verifier.accept(row.link());
            }
        }
        return verifier.finish();
    }

    public static Map<String, PublicKey> bundleKeys(AuditBundle bundle) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        if (bundle.publicKeys() != null) {
            for (AuditBundle.Key k : bundle.publicKeys()) {
                PublicKey key = AuditKeys.publicKeyFromBase64(k.x509());
                // the key id is derived from the key, so a bundle cannot pair a key with another's id
                keys.put(AuditKeys.keyIdOf(key), key);
            }
        }
        return keys;
    }
}

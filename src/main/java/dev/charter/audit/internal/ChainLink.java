package dev.charter.audit.internal;

import java.security.MessageDigest;

/**
 * What the chain is made of: a row's id, the hash of the row before it, the digest of its content
 * and its own hash, {@code SHA-256(canonical("charter-audit-row/1", id, prevHash, contentDigest))}.
 * An export gives other organizations' rows only in this form, so a customer can check the links
 * through them without seeing them.
 */
public record ChainLink(long id, byte[] prevHash, byte[] contentDigest, byte[] hash) {

    static final String ROW_DOMAIN = "charter-audit-row/1";

    /** The hash a row at {@code id} after {@code prevHash} with this content digest must have. */
    public static byte[] hashOf(long id, byte[] prevHash, byte[] contentDigest) {
        return Canonical.of(ROW_DOMAIN).int64(id).bytes(prevHash).bytes(contentDigest).sha256();
    }

    boolean hashMatches() {
        return hash != null && MessageDigest.isEqual(hash, hashOf(id, prevHash, contentDigest));
    }
}

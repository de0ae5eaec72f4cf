package dev.charter.audit.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;

/**
 * A signed statement "the chain ended at row {@code lastId} with hash {@code lastHash} at
 * {@code signedAt}", signed with Ed25519 over
 * {@code canonical("charter-audit-checkpoint/1", lastId, lastHash, signedAt in epoch microseconds)}.
 */
public record Checkpoint(long lastId, byte[] lastHash, Instant signedAt, String keyId, byte[] signature) {

    static final String DOMAIN = "charter-audit-checkpoint/1";

    static byte[] message(long lastId, byte[] lastHash, Instant signedAt) {
        return Canonical.of(DOMAIN).int64(lastId).bytes(lastHash).int64(ChainRow.micros(signedAt)).toBytes();
    }

    static Checkpoint sign(long lastId, byte[] lastHash, Instant signedAt, String keyId, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message(lastId, lastHash, signedAt));
            return new Checkpoint(lastId, lastHash, signedAt, keyId, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign an audit checkpoint", e);
        }
    }

    boolean verifies(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message(lastId, lastHash, signedAt));
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}

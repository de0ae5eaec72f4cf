package dev.charter.audit.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An export a customer can verify offline (format {@code charter-audit-bundle/1}, docs/audit.md):
 * a contiguous range of the chain, the checkpoints that sign it and the public keys. The
 * organization's own rows are complete; other organizations' rows appear only as links (id,
 * hashes, content digest), so the chain can be checked through them without seeing them.
 *
 * @param people pseudonym (hex) to the email of a current member, for reading; not part of the chain
 */
public record AuditBundle(String format, Instant exportedAt, UUID organization, Instant from, Instant to,
                          List<Key> publicKeys, List<Row> rows, List<Signed> checkpoints, Map<String, String> people) {

    public static final String FORMAT = "charter-audit-bundle/1";
    static final HexFormat HEX = HexFormat.of();

    /** @param x509 base64 of the X.509 encoding of an Ed25519 public key */
    public record Key(String keyId, String algorithm, String x509, String fingerprint) {}

    /**
     * A row. Complete rows carry their content and {@code occurredAtMicros} (what is hashed);
     * redacted rows carry {@code contentDigest} instead. Hashes and pseudonyms are hex.
     */
    public record Row(long id, String prevHash, String hash, Boolean redacted, String contentDigest,
                      Long occurredAtMicros, Instant occurredAt, UUID org, String actor, String subject,
                      String action, String target, Map<String, String> details) {

        static Row complete(ChainRow r) {
            return new Row(r.id(), hex(r.prevHash()), hex(r.hash()), null, null, ChainRow.micros(r.occurredAt()),
                    r.occurredAt(), r.org(), hex(r.actor()), hex(r.subject()), r.action(), r.target(), r.details());
        }

        static Row redacted(ChainRow r) {
            return new Row(r.id(), hex(r.prevHash()), hex(r.hash()), true, hex(r.contentDigest()),
                    null, null, null, null, null, null, null, null);
        }

        /** The chain link this row stands for, with the digest recomputed from the content when there is one. */
        ChainLink link() {
            if (Boolean.TRUE.equals(redacted)) {
                return new ChainLink(id, bytes(prevHash), bytes(contentDigest), bytes(hash));
            }
            if (occurredAtMicros == null || action == null) {
                throw new IllegalArgumentException("row " + id + " has neither content nor a content digest");
            }
            return new ChainRow(id, bytes(prevHash), bytes(hash), ChainRow.fromMicros(occurredAtMicros), org,
                    bytes(actor), bytes(subject), action, target, details).link();
        }
    }

    /** A signed checkpoint; {@code signature} is base64, {@code lastHash} hex. */
    public record Signed(long lastId, String lastHash, long signedAtMicros, Instant signedAt, String keyId, String signature) {

        static Signed of(Checkpoint c) {
            return new Signed(c.lastId(), hex(c.lastHash()), ChainRow.micros(c.signedAt()), c.signedAt(), c.keyId(),
                    java.util.Base64.getEncoder().encodeToString(c.signature()));
        }

        Checkpoint checkpoint() {
            return new Checkpoint(lastId, bytes(lastHash), ChainRow.fromMicros(signedAtMicros), keyId,
                    java.util.Base64.getDecoder().decode(signature));
        }
    }

    static String hex(byte[] b) {
        return b == null ? null : HEX.formatHex(b);
    }

    static byte[] bytes(String hex) {
        return hex == null ? null : HEX.parseHex(hex);
    }
}

package dev.charter.audit.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit row as stored: its place in the chain and its content. People are 32-byte
 * pseudonyms, never user ids.
 */
public record ChainRow(long id, byte[] prevHash, byte[] hash, Instant occurredAt, UUID org, byte[] actor,
                       byte[] subject, String action, String target, Map<String, String> details) {

    static final String CONTENT_DOMAIN = "charter-audit-event/1";

    public ChainRow {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** SHA-256 over the canonical encoding of the content, without the chain fields. */
    public byte[] contentDigest() {
        return Canonical.of(CONTENT_DOMAIN)
                .int64(micros(occurredAt))
                .uuid(org)
                .bytes(actor)
                .bytes(subject)
                .text(action)
                .text(target)
                .map(details)
                .sha256();
    }

    /** The chain view of this row, with its digest recomputed from the content. */
    public ChainLink link() {
        return new ChainLink(id, prevHash, contentDigest(), hash);
    }

    /** UTC epoch microseconds, the only time resolution that enters a hash. */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}

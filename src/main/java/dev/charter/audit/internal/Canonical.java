package dev.charter.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical byte encoding that audit hashes and checkpoint signatures are computed over
 * (docs/adr/0011-audit-hash-chain.md). Every field is written in a fixed order as a 4-byte
 * big-endian length followed by its bytes; a missing value has length -1. Text is UTF-8, numbers
 * are 8-byte big-endian, UUIDs 16 bytes, instants UTC epoch microseconds. A map is its entry
 * count (4 bytes) followed by key, value pairs sorted by the UTF-8 bytes of the key.
 */
public final class Canonical {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public static Canonical of(String domain) {
        return new Canonical().text(domain);
    }

    public Canonical text(String s) {
        return bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    public Canonical bytes(byte[] b) {
        if (b == null) {
            writeInt(-1);
        } else {
            writeInt(b.length);
            out.writeBytes(b);
        }
        return this;
    }

    public Canonical int64(long v) {
        return bytes(ByteBuffer.allocate(8).putLong(v).array());
    }

    public Canonical uuid(UUID u) {
        return bytes(u == null ? null : ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
    }

    public Canonical map(Map<String, String> m) {
        byte[][][] entries = m.entrySet().stream()
                .map(e -> new byte[][] {e.getKey().getBytes(StandardCharsets.UTF_8),
                        e.getValue() == null ? null : e.getValue().getBytes(StandardCharsets.UTF_8)})
                .sorted((a, b) -> Arrays.compareUnsigned(a[0], b[0]))
                .toArray(byte[][][]::new);
        writeInt(entries.length);
        for (byte[][] e : entries) {
            bytes(e[0]);
            bytes(e[1]);
        }
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public byte[] sha256() {
        return sha256(out.toByteArray());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void writeInt(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}

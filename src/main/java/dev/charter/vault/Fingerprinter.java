package dev.charter.vault;

/**
 * Computes the keyed hash that {@link SecretFingerprint#hmac()} holds, over candidate bytes, with one
 * organization's fingerprint key. The key never leaves the object; the object is safe to keep for the
 * duration of one scan.
 */
public interface Fingerprinter {

    /** Lower-case hex HMAC-SHA256 of the {@code length} bytes of {@code data} that start at {@code offset}. */
    String hmac(byte[] data, int offset, int length);

    default String hmac(byte[] data) {
        return hmac(data, 0, data.length);
    }
}

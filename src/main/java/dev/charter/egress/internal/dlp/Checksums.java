package dev.charter.egress.internal.dlp;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Check digits some providers build into their tokens. GitHub's classic tokens ({@code ghp_} and its siblings) and
 * npm's ({@code npm_}) end in six base62 characters that encode the CRC32 of the 30 random characters before them.
 */
final class Checksums {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Checksums() {}

    /** True when {@code token} is a prefix, 30 random base62 characters and their base62 CRC32 in 6. */
    static boolean base62Crc32(String token) {
        int sep = token.indexOf('_');
        String body = token.substring(sep + 1);
        if (body.length() != 36) {
            return false;
        }
        return base62(crc32(body.substring(0, 30)), 6).equals(body.substring(30));
    }

    /** The checksum suffix for 30 random characters, as the provider computes it. */
    static String base62Crc32Suffix(String random) {
        return base62(crc32(random), 6);
    }

    private static long crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String base62(long value, int width) {
        StringBuilder b = new StringBuilder();
        long v = value;
        while (v > 0) {
            b.append(BASE62.charAt((int) (v % 62)));
            v /= 62;
        }
        while (b.length() < width) {
            b.append('0');
        }
        return b.reverse().toString();
    }
}

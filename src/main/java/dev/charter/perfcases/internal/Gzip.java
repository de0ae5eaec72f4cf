package dev.charter.perfcases.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Gzipped profiles (a pprof answer, an uploaded {@code .jfr.gz}), unpacked with a bound on what comes out. */
final class Gzip {

    private Gzip() {}

    /** Whether {@code bytes} start as gzip does. */
    static boolean is(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * The unpacked bytes, or null when they are more than {@code max}; reading stops there, so a small bomb does not
     * fill the memory.
     *
     * @throws IOException when {@code gzipped} is not gzip that can be read
     */
    static byte[] unpack(byte[] gzipped, int max) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            byte[] out = in.readNBytes(max + 1);
            return out.length > max ? null : out;
        }
    }
}

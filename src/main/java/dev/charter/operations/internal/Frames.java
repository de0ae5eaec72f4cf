package dev.charter.operations.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed frames inside a backup: a table's COPY stream has no known length when it starts, so
 * it is cut into frames of at most 64 KiB, each an int length and its bytes, ended by a frame of length 0.
 */
final class Frames {

    static final int MAX = 64 * 1024;

    private Frames() {}

    /** Frames what is written to it onto {@code out}; {@link OutputStream#close()} writes the end frame, not closing {@code out}. */
    static OutputStream writer(DataOutputStream out) {
        return new OutputStream() {
            private final byte[] buf = new byte[MAX];
            private int n;

            @Override
            public void write(int b) throws IOException {
                if (n == MAX) {
                    flushFrame();
                }
                buf[n++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (n == MAX) {
                        flushFrame();
                    }
                    int k = Math.min(len, MAX - n);
                    System.arraycopy(b, off, buf, n, k);
                    n += k;
                    off += k;
                    len -= k;
                }
            }

            private void flushFrame() throws IOException {
                if (n > 0) {
                    out.writeInt(n);
                    out.write(buf, 0, n);
                    n = 0;
                }
            }

            @Override
            public void close() throws IOException {
                flushFrame();
                out.writeInt(0);
            }
        };
    }

    /** Reads the frames of one stream from {@code in} up to its end frame. */
    static InputStream reader(DataInputStream in) {
        return new InputStream() {
            private int left;
            private boolean ended;

            private boolean next() throws IOException {
                while (left == 0 && !ended) {
                    int len = in.readInt();
                    if (len < 0 || len > MAX) {
                        throw new IOException("The backup is damaged: a frame of " + len + " bytes.");
                    }
                    if (len == 0) {
                        ended = true;
                    }
                    left = len;
                }
                return !ended || left > 0;
            }

            @Override
            public int read() throws IOException {
                if (!next()) {
                    return -1;
                }
                left--;
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("The backup ends in the middle of a table.");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!next()) {
                    return -1;
                }
                int k = in.read(b, off, Math.min(len, left));
                if (k < 0) {
                    throw new EOFException("The backup ends in the middle of a table.");
                }
                left -= k;
                return k;
            }
        };
    }
}

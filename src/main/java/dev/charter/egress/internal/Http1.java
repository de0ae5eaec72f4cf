package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP/1.1 wire format, just as much as an outbound client needs: write one request with a fixed
 * Content-Length, kept alive or with {@code Connection: close}; read one answer with Content-Length, chunked or
 * close-delimited body, skipping interim (1xx) answers, never buffering more than the caller's limit; and say
 * whether the connection may carry another request after it.
 */
final class Http1 {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 200;

    private Http1() {}

    /** Writes {@code r}; with {@code keepAlive} false it asks the destination to close the connection after it. */
    static void writeRequest(OutputStream out, WireRequest r, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader(r)).append("\r\n");
        for (Header h : r.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (r.body().length > 0 || List.of("POST", "PUT", "PATCH").contains(r.method())) {
            head.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        head.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    static String hostHeader(WireRequest r) {
        String host = r.host().indexOf(':') >= 0 ? "[" + r.host() + "]" : r.host();
        return r.port() == Target.defaultPort(r.scheme()) ? host : host + ":" + r.port();
    }

    static WireResponse readResponse(InputStream in, String method, long maxBody) throws IOException {
        return readResponse(in, method, readHead(in), maxBody);
    }

    static WireResponse readResponse(InputStream in, String method, Head head, long maxBody) throws IOException {
        byte[] body = readBody(in, method, head.status(), head.headers(), maxBody);
        return new WireResponse(head.status(), head.headers(), body);
    }

    /**
     * The status line and headers of a final answer, interim (1xx) answers skipped.
     *
     * @param http11 the answer said HTTP/1.1 (an HTTP/1.0 answer ends its connection)
     */
    record Head(int status, List<Header> headers, boolean http11) {}

    /**
     * How long the connection of an answer read to its end may wait for another request: 0 when it may not (the
     * destination said {@code Connection: close}, answered HTTP/1.0, or ended its body by closing), else the
     * destination's {@code Keep-Alive: timeout} less a second, or {@link Long#MAX_VALUE} when it named none.
     */
    static long keepAliveMillis(String method, Head head) {
        String connection = values(head.headers(), "Connection");
        if (!head.http11() || (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"))) {
            return 0;
        }
        boolean noBody = "HEAD".equals(method) || head.status() == 204 || head.status() == 304;
        String te = values(head.headers(), "Transfer-Encoding");
        if (!noBody) {
            if (te != null && !te.toLowerCase(Locale.ROOT).replace(" ", "").endsWith("chunked")) {
                return 0;
            }
            if (te == null && values(head.headers(), "Content-Length") == null) {
                return 0;
            }
        }
        String keepAlive = values(head.headers(), "Keep-Alive");
        if (keepAlive != null) {
            for (String part : keepAlive.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        return Math.max(0, Long.parseLong(p.substring("timeout=".length()).trim()) * 1000 - 1000);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return Long.MAX_VALUE;
    }

    static Head readHead(InputStream in) throws IOException {
        while (true) {
            String statusLine = readLine(in);
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new ProtocolException("the destination did not answer with HTTP/1.x");
            }
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
            } catch (NumberFormatException e) {
                throw new ProtocolException("the destination answered with a malformed status line");
            }
            if (status < 100 || status > 999) {
                throw new ProtocolException("the destination answered with status " + status);
            }
            List<Header> headers = readHeaders(in);
            boolean http11 = !statusLine.startsWith("HTTP/1.0");
            if (status == 101) {
                throw new ProtocolException("the destination tried to switch protocols");
            }
            if (status < 200) {
                continue;
            }
            return new Head(status, headers, http11);
        }
    }

    /**
     * The body after {@code head} as a stream, as it arrives: de-chunked, ending at Content-Length or the end of the
     * connection, and failing with {@link dev.charter.egress.EgressLimitException} ({@code SIZE}) once more than
     * {@code max} bytes came.
     */
    static InputStream bodyStream(InputStream in, String method, Head head, long max) throws IOException {
        if ("HEAD".equals(method) || head.status() == 204 || head.status() == 304) {
            return InputStream.nullInputStream();
        }
        String te = values(head.headers(), "Transfer-Encoding");
        String cl = values(head.headers(), "Content-Length");
        InputStream body;
        if (te != null) {
            body = te.toLowerCase(Locale.ROOT).replace(" ", "").endsWith("chunked") ? new ChunkedBody(in) : in;
        } else if (cl != null) {
            long length = contentLength(cl);
            if (length > max) {
                throw new dev.charter.egress.EgressLimitException(dev.charter.egress.EgressLimitException.Limit.SIZE,
                        "the answer is larger than the limit of " + max + " bytes");
            }
            body = new LengthBody(in, length);
        } else {
            body = in;
        }
        return new CappedBody(body, max);
    }

    private static List<Header> readHeaders(InputStream in) throws IOException {
        List<Header> headers = new ArrayList<>();
        int total = 0;
        while (true) {
            String line = readLine(in);
            if (line.isEmpty()) {
                return headers;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES || headers.size() >= MAX_HEADERS) {
                throw new ProtocolException("the destination sent too many response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new ProtocolException("the destination sent a malformed response header");
            }
            headers.add(new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
    }

    private static byte[] readBody(InputStream in, String method, int status, List<Header> headers, long max)
            throws IOException {
        if ("HEAD".equals(method) || status == 204 || status == 304) {
            return new byte[0];
        }
        Capped out = new Capped(max);
        String te = values(headers, "Transfer-Encoding");
        String cl = values(headers, "Content-Length");
        try {
            if (te != null) {
                if (te.toLowerCase(Locale.ROOT).replace(" ", "").endsWith("chunked")) {
                    readChunked(in, out);
                } else {
                    in.transferTo(out);
                }
            } else if (cl != null) {
                long length = contentLength(cl);
                if (length > max) {
                    throw new ResponseTooLargeException(max);
                }
                copyExactly(in, out, length);
            } else {
                in.transferTo(out);
            }
        } catch (UncheckedTooLarge e) {
            throw new ResponseTooLargeException(max);
        }
        return out.toByteArray();
    }

    private static long contentLength(String value) throws ProtocolException {
        long length = -1;
        for (String v : value.split(",")) {
            long l;
            try {
                l = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException("the destination sent a malformed Content-Length");
            }
            if (l < 0 || (length >= 0 && l != length)) {
                throw new ProtocolException("the destination sent conflicting Content-Length values");
            }
            length = l;
        }
        return length;
    }

    private static void readChunked(InputStream in, Capped out) throws IOException {
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("the destination sent a malformed chunk size");
            }
            if (size < 0) {
                throw new ProtocolException("the destination sent a malformed chunk size");
            }
            if (size == 0) {
                readHeaders(in);
                return;
            }
            copyExactly(in, out, size);
            if (!readLine(in).isEmpty()) {
                throw new ProtocolException("the destination sent a chunk longer than announced");
            }
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int read = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (read < 0) {
                throw new EOFException("the destination closed the connection before the end of the body");
            }
            out.write(buf, 0, read);
            n -= read;
        }
    }

    /** A line up to CRLF (or a bare LF), without the terminator, as ISO-8859-1. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the destination closed the connection in the middle of the answer");
            }
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new ProtocolException("the destination sent a line longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
    }

    private static String values(List<Header> headers, String name) {
        String joined = null;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                joined = joined == null ? h.value() : joined + "," + h.value();
            }
        }
        return joined;
    }

    /** A chunked body, de-chunked as it is read; the trailer is read and dropped at the end. */
    private static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                String line = readLine(in);
                int semi = line.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("the destination sent a malformed chunk size");
                }
                if (left < 0) {
                    throw new ProtocolException("the destination sent a malformed chunk size");
                }
                if (left == 0) {
                    readHeaders(in);
                    done = true;
                    return -1;
                }
            }
            int read = in.read(b, off, (int) Math.min(len, left));
            if (read < 0) {
                throw new EOFException("the destination closed the connection before the end of the body");
            }
            left -= read;
            if (left == 0 && !readLine(in).isEmpty()) {
                throw new ProtocolException("the destination sent a chunk longer than announced");
            }
            return read;
        }
    }

    /** A body of a known length. */
    private static final class LengthBody extends InputStream {
        private final InputStream in;
        private long left;

        LengthBody(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int read = in.read(b, off, (int) Math.min(len, left));
            if (read < 0) {
                throw new EOFException("the destination closed the connection before the end of the body");
            }
            left -= read;
            return read;
        }
    }

    /** Fails once more than the limit came. */
    private static final class CappedBody extends InputStream {
        private final InputStream in;
        private final long max;
        private long count;

        CappedBody(InputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = in.read(b, off, len);
            if (read > 0) {
                count += read;
                if (count > max) {
                    throw new dev.charter.egress.EgressLimitException(dev.charter.egress.EgressLimitException.Limit.SIZE,
                            "the answer is larger than the limit of " + max + " bytes");
                }
            }
            return read;
        }
    }

    /** Thrown when an answer is longer than the policy allows. */
    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(long max) {
            super("the answer is larger than the limit of " + max + " bytes");
        }
    }

    private static final class Capped extends ByteArrayOutputStream {
        private final long max;

        Capped(long max) {
            this.max = max;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            check(1);
            super.write(b);
        }

        private void check(int len) {
            if (count + (long) len > max) {
                throw new UncheckedTooLarge();
            }
        }
    }

    private static final class UncheckedTooLarge extends RuntimeException {
        UncheckedTooLarge() {
            super(null, null, false, false);
        }
    }
}

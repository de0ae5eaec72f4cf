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
 * Content-Length and {@code Connection: close}; read one answer with Content-Length, chunked or close-delimited
 * body, skipping interim (1xx) answers, never buffering more than the caller's limit.
 */
final class Http1 {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 200;

    private Http1() {}

    static void writeRequest(OutputStream out, WireRequest r) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader(r)).append("\r\n");
        for (Header h : r.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (r.body().length > 0 || List.of("POST", "PUT", "PATCH").contains(r.method())) {
            head.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    static String hostHeader(WireRequest r) {
        String host = r.host().indexOf(':') >= 0 ? "[" + r.host() + "]" : r.host();
        return r.port() == Target.defaultPort(r.scheme()) ? host : host + ":" + r.port();
    }

    static WireResponse readResponse(InputStream in, String method, long maxBody) throws IOException {
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
            if (status == 101) {
                throw new ProtocolException("the destination tried to switch protocols");
            }
            if (status < 200) {
                continue;
            }
            byte[] body = readBody(in, method, status, headers, maxBody);
            return new WireResponse(status, headers, body);
        }
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

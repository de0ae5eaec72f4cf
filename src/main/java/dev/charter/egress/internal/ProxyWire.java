package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTTP/1.1 as the session proxy reads requests from a sandbox and writes answers back: bounded everywhere. */
final class ProxyWire {

    /** One request as read from the socket. */
    record Request(String method, String target, String version, List<Header> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
        }

        boolean keepAlive() {
            String c = header("Connection");
            String pc = header("Proxy-Connection");
            boolean close = (c != null && c.toLowerCase(Locale.ROOT).contains("close"))
                    || (pc != null && pc.toLowerCase(Locale.ROOT).contains("close"));
            return !close && version.equals("HTTP/1.1");
        }
    }

    /** A request whose head or body breaks the protocol or the size limits. */
    static final class BadRequest extends IOException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private ProxyWire() {}

    /**
     * Reads a request head; null when the client closed the connection before a new request.
     * {@code onContinue} is written when the client waits for {@code 100 Continue} before its body.
     */
    static Request read(InputStream in, OutputStream onContinue, long maxBody) throws IOException {
        String line;
        try {
            line = Http1.readLine(in);
        } catch (EOFException e) {
            return null;
        }
        if (line.isEmpty()) {
            try {
                line = Http1.readLine(in); // a stray CRLF between requests is allowed
            } catch (EOFException e) {
                return null;
            }
        }
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "the request line is not 'METHOD absolute-URI HTTP/1.1'");
        }
        List<Header> headers = new ArrayList<>();
        int bytes = 0;
        while (true) {
            String h = Http1.readLine(in);
            if (h.isEmpty()) {
                break;
            }
            bytes += h.length();
            int colon = h.indexOf(':');
            if (colon <= 0 || headers.size() >= Http1.MAX_HEADERS || bytes > Http1.MAX_HEADER_BYTES) {
                throw new BadRequest(400, "a header line is malformed or the headers are too large");
            }
            headers.add(new Header(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        Request head = new Request(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2], headers, new byte[0]);
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        byte[] body;
        if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
            onContinue.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            onContinue.flush();
        }
        if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) {
                throw new BadRequest(501, "only the chunked transfer coding is understood");
            }
            body = readChunked(in, maxBody);
        } else if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "Content-Length is not a number");
            }
            if (n < 0 || n > maxBody) {
                throw new BadRequest(413, "the body is larger than " + maxBody + " bytes");
            }
            body = in.readNBytes((int) n);
            if (body.length != n) {
                throw new EOFException("the body ended early");
            }
        } else {
            body = new byte[0];
        }
        return new Request(head.method(), head.target(), head.version(), headers, body);
    }

    private static byte[] readChunked(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = Http1.readLine(in);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "a chunk size is not a hexadecimal number");
            }
            if (n < 0 || out.size() + n > max) {
                throw new BadRequest(413, "the body is larger than " + max + " bytes");
            }
            if (n == 0) {
                while (!Http1.readLine(in).isEmpty()) {
                    // trailers are read and dropped
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes((int) n);
            if (chunk.length != n) {
                throw new EOFException("a chunk ended early");
            }
            out.write(chunk);
            Http1.readLine(in);
        }
    }

    static void write(OutputStream out, int status, String reason, List<Header> headers, byte[] body, boolean keepAlive)
            throws IOException {
        StringBuilder b = new StringBuilder(256);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (Header h : headers) {
            b.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        b.append("Content-Length: ").append(body.length).append("\r\n");
        b.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static void problem(OutputStream out, int status, String reason, String detail, List<Header> extra, boolean keepAlive)
            throws IOException {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + escape(reason) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}";
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new Header("Content-Type", "application/problem+json"));
        write(out, status, reason, headers, json.getBytes(StandardCharsets.UTF_8), keepAlive);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

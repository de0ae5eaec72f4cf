package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the parts of a hop that no policy should have to think about: a well-formed absolute http(s) URL without
 * user information or dot segments, a sensible method, and headers that are safe to write and are not the
 * gateway's to set. Each check returns null when fine or the reason it is not.
 */
final class RequestShape {

    /** Headers the gateway writes itself or that would carry a credential past the vault. */
    static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
            "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection", "authorization", "cookie",
            "accept-encoding", "content-encoding");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    private RequestShape() {}

    /** The target of a hop, or throws {@link IllegalArgumentException} with the reason. */
    static Target target(String purpose, URI url, String method, URI connectionBase) {
        if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("only http and https URLs can be requested");
        }
        if (url.isOpaque() || url.getRawAuthority() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URLs with user information are refused; attach credentials through a connection");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the URL's host is not a valid host name");
        }
        String host = PolicyEngine.normalizeHost(url.getHost());
        if (host.isEmpty() || !host.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("the host must be written in ASCII (punycode for international names)");
        }
        int port = PolicyEngine.effectivePort(url);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port is outside 1..65535");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        for (String segment : path.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("the path contains '.' or '..' segments");
            }
        }
        if (path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the path contains a backslash");
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method + " cannot be sent (allowed: " + METHODS + ")");
        }
        return new Target(purpose, url.getScheme().toLowerCase(Locale.ROOT), host, port, method, path, connectionBase);
    }

    /** The request target as written on the wire: raw path and raw query, never the fragment. */
    static String requestTarget(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** Null when every header may be sent, else why not (names only, never values). */
    static String headerRefusal(List<Header> headers) {
        for (Header h : headers) {
            String name = h.name();
            if (name.isEmpty() || !name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || TCHAR.indexOf(c) >= 0))) {
                return "a header name is not a valid HTTP token";
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("proxy-")) {
                return "header " + name + " is set by the gateway, not the caller"
                        + (lower.equals("authorization") || lower.equals("cookie") ? " (attach credentials through a connection)" : "");
            }
            if (!h.value().chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
                return "the value of header " + name + " contains a control or non-ASCII character";
            }
        }
        return null;
    }
}

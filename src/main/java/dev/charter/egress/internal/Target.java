package dev.charter.egress.internal;

import java.net.URI;

/**
 * The facts about one hop that policy decides on: no body, no header values. The same shape serves a future local
 * proxy for sandboxed processes.
 *
 * @param purpose        the declared purpose
 * @param scheme         http or https; smtp or smtps for mail
 * @param host           lower-case host name or IP literal, without brackets or trailing dot
 * @param port           the effective port
 * @param method         upper-case HTTP method, or {@code SMTP} for mail
 * @param path           the raw (still percent-encoded) path, "/" when empty
 * @param connectionBase the base URL of the connection whose credential travels with this hop, or null
 */
record Target(String purpose, String scheme, String host, int port, String method, String path, URI connectionBase) {

    /** scheme://host[:port], safe to show: never the path, which may carry a token. */
    String origin() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "smtp" -> 25;
            case "smtps" -> 465;
            case "imap" -> 143;
            case "imaps" -> 993;
            case "postgresql" -> 5432;
            default -> 80;
        };
    }
}

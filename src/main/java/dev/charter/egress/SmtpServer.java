package dev.charter.egress;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An SMTP server as a connection names it.
 *
 * @param host     host name or IP literal; the certificate must prove this name
 * @param port     TCP port, usually 587 (STARTTLS), 465 (TLS) or 25
 * @param security how the connection is protected
 */
public record SmtpServer(String host, int port, SmtpSecurity security) {

    public SmtpServer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        host = host.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > 253 || !host.matches("[a-z0-9.:-]+")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /** {@code smtp://host:port} ({@code smtps://} for implicit TLS): how policies and audit records name it. */
    public URI uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create((security == SmtpSecurity.TLS ? "smtps" : "smtp") + "://" + h + ":" + port);
    }

    @Override
    public String toString() {
        return uri() + " (" + security + ")";
    }
}

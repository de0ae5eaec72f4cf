package dev.charter.egress;

import java.net.URI;
import java.util.Objects;

/**
 * An IMAP server as a connection names it.
 *
 * @param host     host name or IP literal; the certificate must prove this name
 * @param port     TCP port, usually 993 (TLS) or 143 (STARTTLS)
 * @param security how the connection is protected
 */
public record ImapServer(String host, int port, ImapSecurity security) {

    public ImapServer {
        Objects.requireNonNull(security, "security");
        // the same host and port rules as SMTP
        host = new SmtpServer(host, port, SmtpSecurity.TLS).host();
    }

    /** {@code imap://host:port} ({@code imaps://} for implicit TLS): how policies and audit records name it. */
    public URI uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create((security == ImapSecurity.TLS ? "imaps" : "imap") + "://" + h + ":" + port);
    }

    @Override
    public String toString() {
        return uri() + " (" + security + ")";
    }
}

package dev.charter.egress.internal.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport with the login given here rather than looked up in the session's properties. It lives
 * in a package of its own because Angus names its protocol logger after the transport's package: that logger, which
 * at debug level lists recipients, is kept at INFO ({@code logging.level.dev.charter.egress.internal.smtp}).
 */
public final class LoginTransport extends SMTPTransport {

    private final String user;
    private final String password;

    public LoginTransport(Session session, String host, int port, String user, String password) {
        super(session, new URLName("smtp", host, port, null, null, null));
        this.user = user;
        this.password = password;
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String ignoredUser, String ignoredPassword)
            throws MessagingException {
        return super.protocolConnect(host, port, user, password);
    }
}

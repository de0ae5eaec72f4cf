package dev.charter.egress.internal;

import dev.charter.egress.EgressPolicy;
import dev.charter.egress.MailRefusedException;
import dev.charter.egress.MailRequest;
import dev.charter.egress.SmtpSecurity;
import dev.charter.egress.SmtpServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import dev.charter.egress.internal.smtp.LoginTransport;

/**
 * SMTP over Angus Mail, on a socket this class connects itself to the address the gateway checked: Angus never
 * resolves or connects on its own ({@link SMTPTransport#connect(Socket)}). TLS, from the first byte or after
 * STARTTLS, is layered over that socket with the connection's host name for SNI and certificate verification
 * ({@code HTTPS} endpoint identification), as for HTTP. A watchdog closes the socket when the policy's whole-exchange
 * timeout passes. See ADR 0045.
 */
final class SmtpClient {

    /** The message as it goes out, after DLP. */
    record Mail(String from, List<String> to, String subject, String text, String html, MailRequest.Thread thread) {}

    /** The login: user name and password, split from the stored {@code user:password}. */
    record Login(String user, String password) {}

    /** The name Charter gives itself in EHLO; never looked up. */
    private final String localHost;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;

    SmtpClient(SSLSocketFactory tls, ScheduledExecutorService watchdog, String localHost) {
        this.tls = tls;
        this.watchdog = watchdog;
        this.localHost = localHost;
    }

    /** Logs in and sends one message; returns the server's last reply and the Message-ID. */
    String[] send(SmtpServer server, InetAddress address, EgressPolicy.Limits limits, Login login, Mail mail)
            throws IOException {
        return session(server, address, limits, login, (session, transport) -> {
            MimeMessage message = message(session, mail);
            transport.sendMessage(message, message.getAllRecipients());
            return new String[] {message.getMessageID(), transport.getLastServerResponse()};
        });
    }

    /** Logs in and says QUIT. */
    void check(SmtpServer server, InetAddress address, EgressPolicy.Limits limits, Login login) throws IOException {
        session(server, address, limits, login, (session, transport) -> null);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Session session, SMTPTransport transport) throws MessagingException;
    }

    private <T> T session(SmtpServer server, InetAddress address, EgressPolicy.Limits limits, Login login, Work<T> work)
            throws IOException {
        Session session = Session.getInstance(properties(server, limits));
        AtomicBoolean expired = new AtomicBoolean();
        Socket raw = new Socket();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            closeQuietly(raw);
        }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        SMTPTransport transport = new LoginTransport(session, server.host(), server.port(), login.user(), login.password());
        try (raw) {
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.timeout().toMillis()));
            raw.connect(new InetSocketAddress(address, server.port()),
                    (int) Math.min(Integer.MAX_VALUE, limits.connectTimeout().toMillis()));
            Socket s = server.security() == SmtpSecurity.TLS ? handshake(raw, server) : raw;
            try {
                transport.connect(s);
                return work.run(session, transport);
            } finally {
                closeQuietly(transport);
                if (s != raw) {
                    closeQuietly(s);
                }
            }
        } catch (MessagingException e) {
            throw translate(server, transport, login, e, expired.get());
        } catch (IOException e) {
            if (expired.get()) {
                throw new java.net.SocketTimeoutException("no complete exchange within " + limits.timeout().toSeconds() + " s");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private Properties properties(SmtpServer server, EgressPolicy.Limits limits) {
        Properties p = new Properties();
        boolean startTls = server.security() == SmtpSecurity.STARTTLS;
        // host and port only name the server (messages, STARTTLS); the socket is already connected to the checked address
        p.put("mail.smtp.host", server.host());
        p.put("mail.smtp.port", Integer.toString(server.port()));
        p.put("mail.smtp.localhost", localHost);
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
        p.put("mail.smtp.sasl.enable", "false");
        p.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        p.put("mail.smtp.starttls.required", Boolean.toString(startTls));
        p.put("mail.smtp.ssl.socketFactory", new NamedTls(server.host()));
        // the certificate is checked by JSSE against the connection's host name (endpoint identification)
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.timeout", Long.toString(limits.timeout().toMillis()));
        p.put("mail.smtp.connectiontimeout", Long.toString(limits.connectTimeout().toMillis()));
        p.put("mail.smtp.sendpartial", "false");
        return p;
    }

    private SSLSocket handshake(Socket raw, SmtpServer server) throws IOException {
        SSLSocket s = layer(raw, server.host(), server.port());
        s.startHandshake();
        return s;
    }

    /** TLS over a connected socket, verifying the certificate against {@code host}, never against the address. */
    private SSLSocket layer(Socket raw, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(raw, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (Cidr.literal(host) == null) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        return s;
    }

    private static MimeMessage message(Session session, Mail mail) throws MessagingException {
        InternetAddress from = new InternetAddress(mail.from(), true);
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(from);
        List<InternetAddress> to = new ArrayList<>();
        for (String t : mail.to()) {
            to.add(new InternetAddress(t, true));
        }
        m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        m.setSubject(mail.subject(), "UTF-8");
        m.setSentDate(new Date());
        if (mail.thread() != null) {
            m.setHeader("In-Reply-To", mail.thread().inReplyTo());
            if (!mail.thread().references().isEmpty()) {
                m.setHeader("References", String.join(" ", mail.thread().references()));
            }
        }
        if (!mail.html().isEmpty() && !mail.text().isEmpty()) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
        } else if (!mail.html().isEmpty()) {
            m.setText(mail.html(), "UTF-8", "html");
        } else {
            m.setText(mail.text(), "UTF-8");
        }
        m.saveChanges();
        return m;
    }

    /** A refusal the server answered becomes {@link MailRefusedException}; a broken exchange an {@link IOException}. */
    private static IOException translate(SmtpServer server, SMTPTransport transport, Login login, MessagingException e,
                                         boolean expired) {
        String where = server.uri().toString();
        if (expired) {
            return new java.net.SocketTimeoutException("no complete exchange within the time limit");
        }
        if (e.getCause() instanceof IOException io && !(e instanceof SendFailedException)) {
            return io;
        }
        if (e instanceof AuthenticationFailedException) {
            int code = transport.getLastReturnCode();
            throw new MailRefusedException("the SMTP server " + where + " refused the user name or password"
                    + reply(transport.getLastServerResponse(), login), code, code < 400 || code >= 500);
        }
        if (e instanceof SendFailedException sfe) {
            int code = transport.getLastReturnCode();
            String what = "the message";
            for (Exception next = sfe; next != null; next = next instanceof MessagingException me ? me.getNextException() : null) {
                if (next instanceof SMTPAddressFailedException a) {
                    code = a.getReturnCode();
                    what = ("MAIL".equalsIgnoreCase(a.getCommand()) || a.getCommand().startsWith("MAIL") ? "the sender "
                            : "the recipient ") + a.getAddress().getAddress();
                    return refused(where, what, code, a.getMessage(), login);
                }
                if (next instanceof SMTPSendFailedException s) {
                    code = s.getReturnCode();
                    return refused(where, s.getCommand() != null && s.getCommand().startsWith("MAIL") ? "the sender" : what,
                            code, s.getMessage(), login);
                }
            }
            return refused(where, what, code, transport.getLastServerResponse(), login);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("STARTTLS")) {
            throw new MailRefusedException("the SMTP server " + where + " does not offer STARTTLS, which this connection "
                    + "requires; nothing was sent (choose TLS if the server speaks TLS from the start)", 0, true);
        }
        int code = transport.getLastReturnCode();
        if (code >= 400) {
            return refused(where, "the session", code, transport.getLastServerResponse(), login);
        }
        return new IOException("SMTP with " + where + " failed: " + scrub(message, login));
    }

    private static IOException refused(String where, String what, int code, String reply, Login login) {
        throw new MailRefusedException("the SMTP server " + where + " refused " + what + reply(reply, login), code,
                code < 400 || code >= 500);
    }

    private static String reply(String reply, Login login) {
        String r = scrub(reply, login);
        return r == null || r.isBlank() ? "" : ": " + r;
    }

    /** One line, at most 300 characters, with any form of the password cut out. */
    static String scrub(String text, Login login) {
        if (text == null) {
            return null;
        }
        String s = text.replaceAll("[\\r\\n]+", " ").strip();
        String pw = login.password();
        if (!pw.isEmpty()) {
            Base64.Encoder b64 = Base64.getEncoder();
            for (String form : List.of(pw, b64.encodeToString(pw.getBytes(StandardCharsets.UTF_8)),
                    b64.encodeToString(("\0" + login.user() + "\0" + pw).getBytes(StandardCharsets.UTF_8)))) {
                s = s.replace(form, "[credential]");
            }
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after the session, or to stop one that ran out of time
        }
    }

    /**
     * The socket factory Angus uses for STARTTLS: it layers TLS over the socket already connected to the checked
     * address and verifies the certificate against the connection's host name. Angus opens no socket through it.
     */
    private final class NamedTls extends SSLSocketFactory {
        private final String host;

        NamedTls(String host) {
            this.host = host;
        }

        @Override
        public Socket createSocket(Socket s, String ignoredHost, int port, boolean autoClose) throws IOException {
            return layer(s, host, port);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            throw new SocketException("SMTP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(String h, int p) throws IOException {
            throw new SocketException("SMTP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("SMTP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p) throws IOException {
            throw new SocketException("SMTP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("SMTP sockets are opened by the egress gateway only");
        }
    }
}

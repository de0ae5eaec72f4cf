package dev.charter.egress.internal;

import dev.charter.egress.EgressPolicy;
import dev.charter.egress.Header;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.ImapServer;
import dev.charter.egress.MailRefusedException;
import dev.charter.egress.MailboxListing;
import dev.charter.egress.MailboxMessage;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * IMAP over Angus Mail, pinned to the address the gateway checked: Angus is given that address as its host, and
 * its socket factory hands out only a socket that refuses to connect anywhere else, so Angus never resolves or
 * reaches another address. TLS, from the first byte or after STARTTLS, is layered over that socket with the
 * connection's host name for SNI and certificate verification ({@code HTTPS} endpoint identification). Message
 * content is fetched with {@code BODY.PEEK}, so reading never marks a message seen. See ADR 0156.
 */
final class ImapClient {

    /** The login: user name and password, split from the stored {@code user:password}. */
    record Login(String user, String password) {}

    /** What a session does once the folder is open. */
    @FunctionalInterface
    interface Work<T> {
        T run(IMAPFolder folder) throws MessagingException, IOException;
    }

    private final SSLSocketFactory tls;

    ImapClient(SSLSocketFactory tls) {
        this.tls = tls;
    }

    <T> T session(ImapServer server, InetAddress address, EgressPolicy.Limits limits, Login login, String folderName,
                  boolean write, Work<T> work) throws IOException {
        InetSocketAddress pinned = new InetSocketAddress(address, server.port());
        Session session = Session.getInstance(properties(server, address, limits, pinned));
        IMAPStore store = null;
        try {
            store = (IMAPStore) session.getStore("imap");
            store.connect(address.getHostAddress(), server.port(), login.user(), login.password());
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            folder.open(write ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                return work.run(folder);
            } finally {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            }
        } catch (AuthenticationFailedException e) {
            throw new MailRefusedException("the IMAP server " + server.uri() + " refused the user name or password"
                    + reply(e.getMessage(), login), 0, true);
        } catch (FolderNotFoundException e) {
            throw new MailRefusedException("the IMAP server " + server.uri() + " has no folder '" + folderName + "'", 0, true);
        } catch (MessagingException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("STARTTLS")) {
                throw new MailRefusedException("the IMAP server " + server.uri() + " does not offer STARTTLS, which this "
                        + "connection requires; nothing was sent (choose TLS if the server speaks TLS from the start)", 0, true);
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("IMAP with " + server.uri() + " failed: " + scrub(message, login));
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // the session is over either way
                }
            }
        }
    }

    private Properties properties(ImapServer server, InetAddress address, EgressPolicy.Limits limits, InetSocketAddress pinned) {
        Properties p = new Properties();
        boolean startTls = server.security() == ImapSecurity.STARTTLS;
        boolean implicit = server.security() == ImapSecurity.TLS;
        p.put("mail.imap.host", address.getHostAddress());
        p.put("mail.imap.port", Integer.toString(server.port()));
        p.put("mail.imap.socketFactory", implicit ? new PinnedTls(server.host(), pinned) : new Pinned(pinned));
        p.put("mail.imap.socketFactory.fallback", "false");
        p.put("mail.imap.ssl.enable", Boolean.toString(implicit));
        p.put("mail.imap.ssl.socketFactory", new PinnedTls(server.host(), pinned));
        p.put("mail.imap.ssl.checkserveridentity", "false");
        p.put("mail.imap.starttls.enable", Boolean.toString(startTls));
        p.put("mail.imap.starttls.required", Boolean.toString(startTls));
        p.put("mail.imap.auth.mechanisms", "PLAIN LOGIN");
        p.put("mail.imap.sasl.enable", "false");
        p.put("mail.imap.peek", "true");
        p.put("mail.imap.partialfetch", "false");
        p.put("mail.imap.timeout", Long.toString(limits.timeout().toMillis()));
        p.put("mail.imap.connectiontimeout", Long.toString(limits.connectTimeout().toMillis()));
        p.put("mail.imap.writetimeout", Long.toString(limits.timeout().toMillis()));
        return p;
    }

    // ------------------------------------------------------------------ operations

    static MailboxListing list(IMAPFolder folder, long uidValidity, long afterUid, int max) throws MessagingException {
        long validity = folder.getUIDValidity();
        boolean reset = validity != uidValidity;
        long from = reset ? 1 : afterUid + 1;
        Message[] found = folder.getMessagesByUID(from, UIDFolder.LASTUID);
        FetchProfile fp = new FetchProfile();
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add(FetchProfile.Item.SIZE);
        fp.add(FetchProfile.Item.FLAGS);
        folder.fetch(found, fp);
        List<MailboxListing.Entry> entries = new ArrayList<>();
        boolean more = false;
        for (Message m : found) {
            if (m == null) {
                continue;
            }
            long uid = folder.getUID(m);
            if (uid < from) {
                continue; // "n:*" always includes the last message, even below n
            }
            if (entries.size() == max) {
                more = true;
                break;
            }
            entries.add(new MailboxListing.Entry(uid, Math.max(0, m.getSize()), m.isSet(Flags.Flag.SEEN)));
        }
        return new MailboxListing(validity, reset, entries, more);
    }

    /** The message with {@code uid}, or null; its size is fetched. */
    static Message byUid(IMAPFolder folder, long uid) throws MessagingException {
        Message m = folder.getMessageByUID(uid);
        if (m != null) {
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.SIZE);
            folder.fetch(new Message[] {m}, fp);
        }
        return m;
    }

    static MailboxMessage whole(Message m, long uid, long validity) throws MessagingException, IOException {
        List<Header> headers = new ArrayList<>();
        Enumeration<jakarta.mail.Header> all = m.getAllHeaders();
        while (all.hasMoreElements()) {
            jakarta.mail.Header h = all.nextElement();
            headers.add(new Header(h.getName(), decode(h.getValue())));
        }
        Parts parts = new Parts();
        parts.walk(m, 0);
        return new MailboxMessage(uid, validity, Math.max(0, m.getSize()), headers, parts.text, parts.html, parts.attachments);
    }

    static List<Header> fields(IMAPFolder folder, Message m, List<String> names) throws MessagingException {
        FetchProfile fp = new FetchProfile();
        names.forEach(fp::add);
        folder.fetch(new Message[] {m}, fp);
        List<Header> out = new ArrayList<>();
        for (String name : names) {
            String[] values = m.getHeader(name);
            if (values != null) {
                for (String v : values) {
                    out.add(new Header(name, decode(v)));
                }
            }
        }
        return out;
    }

    /** The first text/plain and text/html parts and the attachments, at most 50 levels and 500 parts deep. */
    private static final class Parts {
        String text = "";
        String html = "";
        final List<MailboxMessage.Attachment> attachments = new ArrayList<>();
        int seen;

        void walk(Part p, int depth) throws MessagingException, IOException {
            if (depth > 50 || ++seen > 500) {
                return;
            }
            String type = p.getContentType() == null ? "text/plain" : p.getContentType().toLowerCase(Locale.ROOT);
            String name = p.getFileName();
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || (name != null && !name.isBlank());
            if (!attachment && type.startsWith("multipart/") && p.getContent() instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    walk(child, depth + 1);
                }
                return;
            }
            if (!attachment && type.startsWith("text/plain") && text.isEmpty()) {
                text = content(p);
            } else if (!attachment && type.startsWith("text/html") && html.isEmpty()) {
                html = content(p);
            } else if (attachment || !type.startsWith("text/")) {
                String base = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type.strip();
                attachments.add(new MailboxMessage.Attachment(name == null ? "" : decode(name), base, Math.max(0, p.getSize())));
            }
        }

        private static String content(Part p) throws MessagingException, IOException {
            Object c = p.getContent();
            if (c instanceof String s) {
                return s;
            }
            if (c instanceof InputStream in) {
                try (in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return "";
        }
    }

    private static String decode(String value) {
        if (value == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (java.io.UnsupportedEncodingException e) {
            return MimeUtility.unfold(value);
        }
    }

    private static String reply(String reply, Login login) {
        String r = scrub(reply, login);
        return r == null || r.isBlank() ? "" : ": " + r;
    }

    /** One line, at most 300 characters, with the password cut out. */
    static String scrub(String text, Login login) {
        if (text == null) {
            return null;
        }
        String s = text.replaceAll("[\\r\\n]+", " ").strip();
        if (!login.password().isEmpty()) {
            s = s.replace(login.password(), "[credential]");
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ------------------------------------------------------------------ pinned sockets

    /** A socket that connects only to the checked address and port, whatever it is asked. */
    static final class PinnedSocket extends Socket {
        private final InetSocketAddress pinned;

        PinnedSocket(InetSocketAddress pinned) {
            this.pinned = pinned;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress a) || a.isUnresolved() || !pinned.getAddress().equals(a.getAddress())
                    || a.getPort() != pinned.getPort()) {
                throw new SocketException("IMAP sockets connect only to the address the egress gateway checked");
            }
            super.connect(pinned, timeout);
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }
    }

    /** The plain socket factory Angus gets: unconnected pinned sockets only. */
    private static final class Pinned extends SocketFactory {
        private final InetSocketAddress pinned;

        Pinned(InetSocketAddress pinned) {
            this.pinned = pinned;
        }

        @Override
        public Socket createSocket() {
            return new PinnedSocket(pinned);
        }

        @Override
        public Socket createSocket(String h, int p) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }
    }

    /**
     * The TLS socket factory Angus gets: unconnected pinned sockets, and TLS layered over a connected socket with the
     * connection's host name for SNI and verification, never the address.
     */
    private final class PinnedTls extends SSLSocketFactory {
        private final String host;
        private final InetSocketAddress pinned;

        PinnedTls(String host, InetSocketAddress pinned) {
            this.host = host;
            this.pinned = pinned;
        }

        @Override
        public Socket createSocket() {
            return new PinnedSocket(pinned);
        }

        @Override
        public Socket createSocket(Socket s, String ignoredHost, int port, boolean autoClose) throws IOException {
            SSLSocket t = (SSLSocket) tls.createSocket(s, host, port, autoClose);
            SSLParameters p = t.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (Cidr.literal(host) == null) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            t.setSSLParameters(p);
            return t;
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
        public Socket createSocket(String h, int p) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }

        @Override
        public Socket createSocket(InetAddress a, int p, InetAddress la, int lp) throws IOException {
            throw new SocketException("IMAP sockets are opened by the egress gateway only");
        }
    }
}

package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.Header;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.ImapServer;
import dev.charter.egress.MailRefusedException;
import dev.charter.egress.MailboxListing;
import dev.charter.egress.MailboxMessage;
import dev.charter.egress.MailboxRequest;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mailbox side of the gateway against GreenMail, a real IMAP server on 127.0.0.1, reached through a recording
 * proxy so the test sees every command the gateway sent: listing by UIDVALIDITY and UID, a whole message, only named
 * header fields without any body request, marking seen, the size limit and a policy refusal.
 */
class MailboxGatewayTest {

    static final OrgId ORG = OrgId.random();
    static GreenMail greenMail;
    static GreenMailUser user;
    static RecordingProxy proxy;

    TestGateway t;
    DefaultMailboxGateway gateway;
    SecretRef login;
    ImapServer server;

    @BeforeAll
    static void startServer() throws IOException {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        user = greenMail.setUser("support@shop.test", "support", "imap-pw-for-tests");
        proxy = new RecordingProxy(greenMail.getImap().getPort());
    }

    @AfterAll
    static void stopServer() throws IOException {
        proxy.close();
        greenMail.stop();
    }

    @BeforeEach
    void gateway() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        t = new TestGateway();
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        t.policy(EgressPolicy.forPurpose("test.mailbox").allow(new Destination(Set.of("imap"), "127.0.0.1",
                Set.of(proxy.port()), Set.of(Destination.IMAP_METHOD), List.of("/**"))).maxResponseBytes(20_000)
                .requestsPerMinute(1000).build());
        gateway = t.buildMailbox();
        login = t.credentials.store(ORG, "support:imap-pw-for-tests");
        server = new ImapServer("127.0.0.1", proxy.port(), ImapSecurity.PLAIN);
    }

    MailboxRequest request() {
        return new MailboxRequest("test.mailbox", ORG, null, server, login, "INBOX");
    }

    static void deliver(String subject, String text, String html, byte[] attachment) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("ana@customer.test", "Ana Lopez"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("support@shop.test"));
        m.setSubject(subject, "UTF-8");
        m.setHeader("In-Reply-To", "<earlier@shop.test>");
        if (html == null && attachment == null) {
            m.setText(text, "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            MimeBodyPart wrapper = new MimeBodyPart();
            wrapper.setContent(alternative);
            mixed.addBodyPart(wrapper);
            if (attachment != null) {
                MimeBodyPart file = new MimeBodyPart();
                file.setContent(attachment, "application/pdf");
                file.setFileName("invoice-march.pdf");
                file.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(file);
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        user.deliver(m);
    }

    @Test
    void listsNewMessagesByUidValidityAndUid() throws Exception {
        deliver("one", "first", null, null);
        deliver("two", "second", null, null);
        deliver("three", "third", null, null);

        MailboxListing first = gateway.newMessages(request(), 0, 0, 2);
        assertThat(first.reset()).isTrue();
        assertThat(first.messages()).hasSize(2);
        assertThat(first.more()).isTrue();
        assertThat(first.messages()).allSatisfy(e -> assertThat(e.seen()).isFalse());
        long cursor = first.lastUid(0);

        MailboxListing rest = gateway.newMessages(request(), first.uidValidity(), cursor, 10);
        assertThat(rest.reset()).isFalse();
        assertThat(rest.messages()).hasSize(1);
        assertThat(rest.messages().get(0).uid()).isGreaterThan(cursor);
        assertThat(rest.more()).isFalse();
        cursor = rest.lastUid(cursor);

        // "UID n:*" always returns the last message; nothing new must mean an empty listing
        MailboxListing none = gateway.newMessages(request(), rest.uidValidity(), cursor, 10);
        assertThat(none.messages()).isEmpty();
        assertThat(none.lastUid(cursor)).isEqualTo(cursor);

        deliver("four", "fourth", null, null);
        assertThat(gateway.newMessages(request(), rest.uidValidity(), cursor, 10).messages()).hasSize(1);
        assertThat(t.audit("egress.request.allowed")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("first", "imap-pw-for-tests"));
    }

    @Test
    void fetchesAMessageWholeWithoutMarkingItSeen() throws Exception {
        byte[] pdf = new byte[3000];
        deliver("Refund for order 42", "Hello, I was charged twice.", "<p>Hello, I was <b>charged twice</b>.</p>", pdf);
        MailboxListing l = gateway.newMessages(request(), 0, 0, 10);
        long uid = l.messages().get(0).uid();

        MailboxMessage m = gateway.fetch(request(), l.uidValidity(), uid);
        assertThat(m.header("Subject")).isEqualTo("Refund for order 42");
        assertThat(m.header("from")).contains("ana@customer.test");
        assertThat(m.header("In-Reply-To")).isEqualTo("<earlier@shop.test>");
        assertThat(m.text()).contains("charged twice");
        assertThat(m.html()).contains("<b>charged twice</b>");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("invoice-march.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isGreaterThanOrEqualTo(3000);
        });
        assertThat(gateway.newMessages(request(), 0, 0, 10).messages().get(0).seen()).isFalse();

        gateway.markSeen(request(), l.uidValidity(), uid);
        assertThat(gateway.newMessages(request(), 0, 0, 10).messages().get(0).seen()).isTrue();
    }

    @Test
    void headerFieldsFetchOnlyTheNamedFieldsAndNeverABody() throws Exception {
        deliver("Quarterly review", "BODY-CANARY-7d1f never to be fetched", null, null);
        MailboxListing l = gateway.newMessages(request(), 0, 0, 10);
        long uid = l.messages().get(0).uid();

        proxy.clear();
        List<Header> fields = gateway.headerFields(request(), l.uidValidity(), uid, List.of("Message-ID", "In-Reply-To", "Date", "X-Absent"));
        String sent = proxy.clientBytes();

        assertThat(fields).extracting(Header::name).containsExactly("Message-ID", "In-Reply-To", "Date");
        assertThat(fields.toString()).doesNotContain("BODY-CANARY", "Quarterly");
        assertThat(sent).contains("BODY.PEEK[HEADER.FIELDS (");
        assertThat(sent.toUpperCase(java.util.Locale.ROOT))
                .doesNotContain("BODY[").doesNotContain("BODY.PEEK[]").doesNotContain("BODY.PEEK[TEXT")
                .doesNotContain("BODY.PEEK[1").doesNotContainPattern("RFC822(?!\\.SIZE)").doesNotContain("BODYSTRUCTURE");
        assertThat(proxy.serverBytes()).doesNotContain("BODY-CANARY");
        assertThat(gateway.newMessages(request(), 0, 0, 10).messages().get(0).seen()).isFalse();

        // the same recording sees a body request when one is made, so the assertions above can fail
        proxy.clear();
        gateway.fetch(request(), l.uidValidity(), uid);
        assertThat(proxy.clientBytes().toUpperCase(java.util.Locale.ROOT)).containsPattern("BODY\\.PEEK\\[(TEXT|1|\\])");
        assertThat(proxy.serverBytes()).contains("BODY-CANARY");

        assertThatThrownBy(() -> gateway.headerFields(request(), l.uidValidity(), uid, List.of("Subject)] BODY[")))
                .isInstanceOf(EgressDeniedException.class);
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeItsContentIsFetched() throws Exception {
        deliver("Big", "x".repeat(50_000), null, null);
        MailboxListing l = gateway.newMessages(request(), 0, 0, 10);
        proxy.clear();
        assertThatThrownBy(() -> gateway.fetch(request(), l.uidValidity(), l.messages().get(0).uid()))
                .isInstanceOf(EgressDeniedException.class).hasMessageContaining("more than the limit of 20000");
        assertThat(proxy.serverBytes()).doesNotContain("xxxxxxxxxx");
        assertThat(t.audit("egress.request.denied")).hasSize(1);
    }

    @Test
    void aStaleUidValidityOrUnknownUidIsRefusedCleanly() throws Exception {
        deliver("one", "first", null, null);
        MailboxListing l = gateway.newMessages(request(), 0, 0, 10);
        assertThatThrownBy(() -> gateway.fetch(request(), l.uidValidity() + 1, l.messages().get(0).uid()))
                .isInstanceOf(MailRefusedException.class).hasMessageContaining("UIDVALIDITY");
        assertThatThrownBy(() -> gateway.fetch(request(), l.uidValidity(), 999_999))
                .isInstanceOf(MailRefusedException.class).hasMessageContaining("no message with UID");
        assertThatThrownBy(() -> gateway.newMessages(new MailboxRequest("test.mailbox", ORG, null, server, login, "Nope"), 0, 0, 10))
                .isInstanceOf(MailRefusedException.class).hasMessageContaining("no folder");
    }

    @Test
    void thePolicyRefusesBeforeConnectingAndTheCredentialStaysSealed() throws Exception {
        deliver("one", "first", null, null);
        proxy.clear();
        int before = t.credentials.decryptions.get();
        // no policy for this purpose
        assertThatThrownBy(() -> gateway.newMessages(new MailboxRequest("test.unknown", ORG, null, server, login, "INBOX"), 0, 0, 10))
                .isInstanceOf(EgressDeniedException.class);
        // the policy's destination is the proxy's port, not GreenMail's own
        ImapServer direct = new ImapServer("127.0.0.1", greenMail.getImap().getPort(), ImapSecurity.PLAIN);
        assertThatThrownBy(() -> gateway.newMessages(new MailboxRequest("test.mailbox", ORG, null, direct, login, "INBOX"), 0, 0, 10))
                .isInstanceOf(EgressDeniedException.class);
        // another organization's credential
        SecretRef foreign = t.credentials.store(OrgId.random(), "support:imap-pw-for-tests");
        assertThatThrownBy(() -> gateway.newMessages(new MailboxRequest("test.mailbox", ORG, null, server, foreign, "INBOX"), 0, 0, 10))
                .isInstanceOf(EgressDeniedException.class);
        assertThat(t.credentials.decryptions.get()).isEqualTo(before);
        assertThat(proxy.clientBytes()).isEmpty();
        assertThat(t.audit("egress.request.denied")).hasSize(3);
        assertThat(t.audit("egress.request.allowed")).isEmpty();
    }

    @Test
    void aWrongPasswordIsARefusalThatDoesNotQuoteIt() {
        SecretRef wrong = t.credentials.store(ORG, "support:not-the-password");
        assertThatThrownBy(() -> gateway.verify(new MailboxRequest("test.mailbox", ORG, null, server, wrong, "INBOX")))
                .isInstanceOf(MailRefusedException.class).hasMessageContaining("refused the user name or password")
                .hasMessageNotContaining("not-the-password");
        gateway.verify(request());
    }

    /** A TCP proxy on 127.0.0.1 that records what each side sent, so a test can read the IMAP commands. */
    static final class RecordingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();

        RecordingProxy(int target) throws IOException {
            this.target = target;
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread accept = new Thread(this::accept, "imap-recording-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    pump(client, upstream, fromClient);
                    pump(upstream, client, fromServer);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void pump(Socket in, Socket out, ByteArrayOutputStream record) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream i = in.getInputStream(); OutputStream o = out.getOutputStream()) {
                    for (int n; (n = i.read(buf)) > 0; ) {
                        synchronized (record) {
                            record.write(buf, 0, n);
                        }
                        o.write(buf, 0, n);
                        o.flush();
                    }
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    try {
                        in.close();
                        out.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }, "imap-recording-pump");
            t.setDaemon(true);
            t.start();
        }

        void clear() {
            synchronized (fromClient) {
                fromClient.reset();
            }
            synchronized (fromServer) {
                fromServer.reset();
            }
        }

        String clientBytes() {
            synchronized (fromClient) {
                return fromClient.toString(StandardCharsets.UTF_8);
            }
        }

        String serverBytes() {
            synchronized (fromServer) {
                return fromServer.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}

package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.charter.audit.AuditEvent;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.ProxySession;
import dev.charter.egress.ProxySessionSpec;
import dev.charter.shared.OrgId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRF-6 and PRF-7 at the proxy: the session token names one session and grants nothing by itself (no token, another
 * session's token, an expired token: refused), the session's grants decide host, method and path, CONNECT is
 * refused, credentials from the session are refused, DLP applies; every refusal is audited and nothing refused
 * reaches the destination.
 */
@Tag("claim:PRF-6")
@Tag("claim:PRF-7")
class SessionProxyTest {

    static final String PURPOSE = "test.agent-session";
    static final OrgId ORG = new OrgId(UUID.randomUUID());

    @TempDir
    static Path tmp;
    static HttpServer upstream;
    static final List<String> received = new CopyOnWriteArrayList<>();
    static TestGateway parts;
    static UnixSocketProxy proxy;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders().getFirst("Authorization")
                    + " proxy-auth=" + ex.getRequestHeaders().getFirst("Proxy-Authorization") + " body=" + new String(body, StandardCharsets.UTF_8));
            byte[] answer = ("hello from " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        upstream.start();
        port = upstream.getAddress().getPort();
        parts = new TestGateway().policy(EgressPolicy.forPurpose(PURPOSE)
                .allow(Destination.https("127.0.0.1").withSchemes("http").withPorts(port).withMethods("GET", "POST", "PUT").withPaths("/**"))
                .build());
        proxy = new UnixSocketProxy(parts.build(), new EgressAudit(parts.audit::add),
                new OutboundDlp(dev.charter.egress.internal.dlp.DlpScanner.withSecretPatterns(), new dev.charter.egress.internal.dlp.Aliases(parts.aliasKey)),
                parts.credentials, new ServerCredentials(List.of()), parts.clock, tmp.resolve("egress"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @BeforeEach
    void clear() {
        received.clear();
        parts.audit.clear();
    }

    private static ProxySession open(String id) {
        return proxy.open(new ProxySessionSpec(ORG, id, PURPOSE, List.of(
                Destination.https("127.0.0.1").withSchemes("http").withPorts(port).withMethods("GET", "POST").withPaths("/repos/acme/shop/**")),
                Duration.ofMinutes(30), List.of()));
    }

    static String send(Path socket, String raw) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(c).write(raw.getBytes(StandardCharsets.UTF_8));
            InputStream in = Channels.newInputStream(c);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String get(ProxySession s, String token, String path) throws IOException {
        return send(s.socket(), "GET http://127.0.0.1:" + port + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (token == null ? "" : "Proxy-Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n");
    }

    private List<AuditEvent> proxyRefusals() {
        return parts.audit("egress.request.denied").stream().filter(e -> "session-proxy".equals(e.details().get("via"))).toList();
    }

    @Test
    void anAllowedRequestGoesThroughTheGatewayWithoutTheSessionToken() throws IOException {
        ProxySession s = open("allowed");
        try {
            String answer = get(s, s.token().value(), "/repos/acme/shop/pulls");
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello from /repos/acme/shop/pulls");
            assertThat(received).containsExactly("GET /repos/acme/shop/pulls auth=null proxy-auth=null body=");
            assertThat(parts.audit("egress.request.allowed")).hasSize(1);
            assertThat(s.token().toString()).doesNotContain(s.token().value());
            assertThat(s.token().value()).startsWith("cst_allowed_").doesNotContain("repos", "acme", "127.0.0.1");
        } finally {
            proxy.close("allowed");
        }
    }

    @Test
    void noTokenAnotherSessionsTokenAndAnExpiredTokenAreRefusedAndAudited() throws IOException {
        ProxySession a = open("sess-a");
        ProxySession b = open("sess-b");
        try {
            assertThat(get(a, null, "/repos/acme/shop/pulls")).startsWith("HTTP/1.1 407").contains("no session token");
            assertThat(get(a, b.token().value(), "/repos/acme/shop/pulls")).startsWith("HTTP/1.1 407")
                    .contains("not this session's");
            assertThat(get(a, a.token().value() + "x", "/repos/acme/shop/pulls")).startsWith("HTTP/1.1 407");
            parts.clock.advance(Duration.ofMinutes(31));
            assertThat(get(a, a.token().value(), "/repos/acme/shop/pulls")).startsWith("HTTP/1.1 407").contains("expired");
            assertThat(received).isEmpty();
            assertThat(proxyRefusals()).hasSize(4).allSatisfy(e -> {
                assertThat(e.details()).containsEntry("session", "sess-a").containsEntry("decision", "denied");
                assertThat(e.org()).isEqualTo(ORG);
            });
            assertThat(proxyRefusals().toString()).doesNotContain(a.token().value(), b.token().value());
        } finally {
            proxy.close("sess-a");
            proxy.close("sess-b");
        }
    }

    @Test
    void theSessionsGrantsDecideHostMethodAndPath() throws IOException {
        ProxySession s = open("grants");
        String t = s.token().value();
        try {
            // the gateway's own policy allows /other and PUT; the session's grants do not
            assertThat(get(s, t, "/other/thing")).startsWith("HTTP/1.1 403").contains("the session's grants refuse it");
            assertThat(send(s.socket(), "PUT http://127.0.0.1:" + port + "/repos/acme/shop/x HTTP/1.1\r\nProxy-Authorization: Bearer "
                    + t + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")).startsWith("HTTP/1.1 403").contains("method PUT");
            assertThat(send(s.socket(), "GET http://localhost:" + port + "/repos/acme/shop/x HTTP/1.1\r\nProxy-Authorization: Bearer "
                    + t + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403").contains("localhost");
            assertThat(received).isEmpty();
            assertThat(proxyRefusals()).hasSize(3);
        } finally {
            proxy.close("grants");
        }
    }

    @Test
    void connectAndCredentialsFromTheSessionAreRefused() throws IOException {
        ProxySession s = open("connect");
        String t = s.token().value();
        try {
            assertThat(send(s.socket(), "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nProxy-Authorization: Bearer " + t
                    + "\r\n\r\n")).startsWith("HTTP/1.1 405").contains("cannot be inspected");
            assertThat(send(s.socket(), "GET http://127.0.0.1:" + port + "/repos/acme/shop/x HTTP/1.1\r\nProxy-Authorization: Bearer "
                    + t + "\r\nAuthorization: token ghp_stolen\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403")
                    .contains("holds no credentials");
            assertThat(send(s.socket(), "GET /repos/acme/shop/x HTTP/1.1\r\nProxy-Authorization: Bearer " + t
                    + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(received).isEmpty();
            assertThat(proxyRefusals()).hasSize(3);
        } finally {
            proxy.close("connect");
        }
    }

    @Test
    void outboundBodiesPassTheGatewaysDlp() throws IOException {
        ProxySession s = open("dlp");
        String planted = "AKIA" + "Q3EGRQ2ZJ7WXKPNA";
        try {
            String body = "{\"note\":\"key " + planted + "\"}";
            String answer = send(s.socket(), "POST http://127.0.0.1:" + port + "/repos/acme/shop/issues HTTP/1.1\r\n"
                    + "Proxy-Authorization: Bearer " + s.token().value() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 403").contains("Refused by the egress gateway");
            assertThat(received).isEmpty();
            assertThat(parts.audit("egress.request.denied")).hasSize(1);
            assertThat(parts.audit.toString()).doesNotContain(planted);
        } finally {
            proxy.close("dlp");
        }
    }

    @Test
    void keepAliveServesSeveralRequestsAndClosingTheSessionRemovesItsSocket() throws IOException {
        ProxySession s = open("closing");
        String t = s.token().value();
        String two = "GET http://127.0.0.1:" + port + "/repos/acme/shop/1 HTTP/1.1\r\nProxy-Authorization: Bearer " + t
                + "\r\n\r\nGET http://127.0.0.1:" + port + "/repos/acme/shop/2 HTTP/1.1\r\nProxy-Authorization: Bearer " + t
                + "\r\nConnection: close\r\n\r\n";
        assertThat(send(s.socket(), two)).contains("hello from /repos/acme/shop/1").contains("hello from /repos/acme/shop/2");
        proxy.close("closing");
        assertThat(proxy.isOpen("closing")).isFalse();
        assertThat(Files.exists(s.socket())).isFalse();
        assertThatThrownBy(() -> get(s, t, "/repos/acme/shop/1")).isInstanceOf(IOException.class);
        assertThat(Map.of("requests", received.size())).containsEntry("requests", 2);
    }
}

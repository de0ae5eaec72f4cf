package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.charter.egress.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/1.1 transport: connects to the given address, verifies TLS against the host name, reads bodies within limits. */
class SocketTransportTest {

    static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-watchdog");
                t.setDaemon(true);
                return t;
            });
    private final SocketTransport transport = new SocketTransport((SSLSocketFactory) SSLSocketFactory.getDefault(), WATCHDOG);

    static WireRequest request(String scheme, String host, int port, String method, String target, byte[] body, long max) {
        return new WireRequest(scheme, host, port, InetAddress.getLoopbackAddress(), method, target,
                List.of(new Header("X-Test", "1")), body, Duration.ofSeconds(5), Duration.ofSeconds(10), max);
    }

    @Test
    void sendsTheRequestAndReadsFixedAndChunkedBodies() throws Exception {
        try (LocalServer server = new LocalServer()) {
            server.handle("/fixed", ex -> LocalServer.respond(ex, 201, "created"));
            server.handle("/chunked", ex -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i < 100; i++) {
                        out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            });
            WireResponse fixed = transport.exchange(request("http", "api.example.test", server.port(), "POST", "/fixed?x=1",
                    "hello".getBytes(StandardCharsets.UTF_8), 1000));
            assertThat(fixed.status()).isEqualTo(201);
            assertThat(new String(fixed.body(), StandardCharsets.UTF_8)).isEqualTo("created");
            LocalServer.Received seen = server.received.get(0);
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/fixed");
            assertThat(seen.query()).isEqualTo("x=1");
            assertThat(seen.bodyText()).isEqualTo("hello");
            assertThat(seen.header("Host")).isEqualTo("api.example.test:" + server.port());
            assertThat(seen.header("X-Test")).isEqualTo("1");

            WireResponse chunked = transport.exchange(request("http", "h", server.port(), "GET", "/chunked", new byte[0], 100_000));
            assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).startsWith("part0;part1;").endsWith("part99;");
        }
    }

    @Test
    void refusesAnswersLargerThanTheLimitWhileReading() throws Exception {
        try (LocalServer server = new LocalServer()) {
            server.handle("/big", ex -> LocalServer.respond(ex, 200, "x".repeat(5000)));
            server.handle("/bigchunked", ex -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i < 50; i++) {
                        out.write("y".repeat(100).getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            assertThatThrownBy(() -> transport.exchange(request("http", "h", server.port(), "GET", "/big", new byte[0], 1000)))
                    .isInstanceOf(Http1.ResponseTooLargeException.class);
            assertThatThrownBy(() -> transport.exchange(request("http", "h", server.port(), "GET", "/bigchunked", new byte[0], 1000)))
                    .isInstanceOf(Http1.ResponseTooLargeException.class);
        }
    }

    @Test
    void readsCloseDelimitedBodiesAndSkipsInterimAnswers() throws Exception {
        String answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nX-A: 1\r\nX-A: 2\r\n\r\nuntil the end";
        WireResponse r = rawServer(answer, transport);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo("until the end");
        assertThat(r.headers()).extracting(Header::name).containsExactly("X-A", "X-A");
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThatThrownBy(() -> rawServer("SSH-2.0-OpenSSH_9\r\n", transport)).hasMessageContaining("did not answer with HTTP");
        assertThatThrownBy(() -> rawServer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef", transport))
                .hasMessageContaining("conflicting Content-Length");
        assertThatThrownBy(() -> rawServer("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", transport))
                .hasMessageContaining("before the end of the body");
        assertThatThrownBy(() -> rawServer("HTTP/1.1 101 Switching\r\n\r\n", transport)).hasMessageContaining("switch protocols");
    }

    @Test
    void aSlowDripIsCutOffByTheWholeExchangeTimeout() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> serveDrip(ss));
            WireRequest r = new WireRequest("http", "h", ss.getLocalPort(), InetAddress.getLoopbackAddress(), "GET", "/",
                    List.of(), new byte[0], Duration.ofSeconds(5), Duration.ofMillis(300), 1_000_000);
            assertThatThrownBy(() -> transport.exchange(r)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    @Tag("claim:EGR-2")
    void connectsToTheGivenAddressAndStillVerifiesTheCertificateAgainstTheHostName(@TempDir Path dir) throws Exception {
        SSLContext serverTls = tls(dir, true);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", ex -> LocalServer.respond(ex, 200, "over tls to " + ex.getRequestHeaders().getFirst("Host")));
        server.start();
        try {
            SocketTransport tlsTransport = new SocketTransport(tls(dir, false).getSocketFactory(), WATCHDOG);
            int port = server.getAddress().getPort();
            WireResponse ok = tlsTransport.exchange(request("https", "localhost", port, "GET", "/", new byte[0], 1000));
            assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("over tls to localhost:" + port);

            // Same address, a name the certificate does not prove: refused, even though the socket reached the server.
            assertThatThrownBy(() -> tlsTransport.exchange(request("https", "charter.invalid", port, "GET", "/", new byte[0], 1000)))
                    .isInstanceOf(SSLException.class);
        } finally {
            server.stop(0);
        }
    }

    /** A key pair for "localhost" made with the JDK's keytool; the server side gets the key, the client side trusts it. */
    static SSLContext tls(Path dir, boolean server) throws Exception {
        Path store = dir.resolve("localhost.p12");
        if (!Files.exists(store)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (server) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            ctx.init(kmf.getKeyManagers(), null, null);
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
        }
        return ctx;
    }

    /** Accepts one connection, reads the request head, writes {@code answer} and closes. */
    static WireResponse rawServer(String answer, Transport transport) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> serve(ss, s -> {
                try {
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            return transport.exchange(request("http", "h", ss.getLocalPort(), "GET", "/", new byte[0], 10_000));
        }
    }

    private static void serve(ServerSocket ss, Consumer<Socket> answer) {
        try (Socket s = ss.accept()) {
            readHead(s.getInputStream());
            answer.accept(s);
        } catch (IOException ignored) {
            // the test ends the exchange
        }
    }

    private static void serveDrip(ServerSocket ss) {
        serve(ss, s -> {
            try {
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 100; i++) {
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException ignored) {
                // the client hung up, as it should
            }
        });
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }
}

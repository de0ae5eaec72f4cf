package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection reuse in the transport (ADR 0242): a hop to the route of an earlier one goes on its connection; an
 * answer that ends its connection leaves nothing to reuse; a connection the destination closed is never written to
 * when the check can see it, and is replaced once when it cannot and the request may be sent twice.
 */
class ConnectionReuseTest {

    private final SocketTransport transport =
            new SocketTransport((SSLSocketFactory) SSLSocketFactory.getDefault(), SocketTransportTest.WATCHDOG);

    private static WireRequest request(String host, int port, String method, Header... headers) {
        return new WireRequest("http", host, port, InetAddress.getLoopbackAddress(), method, "/", List.of(headers),
                "POST".equals(method) ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0],
                Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000);
    }

    @Test
    void aHopToTheSameRouteGoesOnTheConnectionOfTheLastOne() throws Exception {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            ex.getRequestBody().readAllBytes();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            for (int i = 0; i < 5; i++) {
                WireResponse r = transport.exchange(request("api.example.test", port, i % 2 == 0 ? "GET" : "POST"));
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
            assertThat(clientPorts).hasSize(5);
            assertThat(clientPorts.stream().distinct()).as("five requests, one connection").hasSize(1);
            assertThat(transport.idleConnections()).isEqualTo(1);

            // another host name on the same address and port is another route: its own connection
            transport.exchange(request("other.example.test", port, "GET"));
            assertThat(clientPorts.get(5)).isNotEqualTo(clientPorts.get(0));
            assertThat(transport.idleConnections()).isEqualTo(2);

            transport.closeIdle();
            assertThat(transport.idleConnections()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerThatEndsItsConnectionLeavesNothingToReuse() throws Exception {
        for (String answer : List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\n\r\nok, until the end")) {
            try (Scripted server = new Scripted(conn -> {
                conn.readHead();
                conn.write(answer);
                conn.close();
            })) {
                WireResponse r = transport.exchange(request("h", server.port(), "GET"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(transport.idleConnections()).as(answer).isZero();
            }
        }
    }

    @Test
    void anIdleConnectionTheDestinationClosedIsNotWrittenTo() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (Scripted server = new Scripted(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.close(); // without saying so: the client learns it only from the connection
            closed.countDown();
        })) {
            transport.exchange(request("h", server.port(), "POST"));
            assertThat(transport.idleConnections()).isEqualTo(1);
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue(); // on loopback the FIN is there once close returns

            // a POST without an idempotency key may not be sent twice, so it must not meet the dead connection
            WireResponse second = transport.exchange(request("h", server.port(), "POST"));
            assertThat(second.status()).isEqualTo(200);
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(server.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void aReusedConnectionThatFailsBeforeAnswerIsReplacedOnlyForRequestsThatMayGoTwice() throws Exception {
        // every connection answers its first request, then reads the next one and hangs up without answering
        try (Scripted server = new Scripted(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.readHead();
            conn.close();
        })) {
            transport.exchange(request("h", server.port(), "GET"));
            WireResponse retried = transport.exchange(request("h", server.port(), "GET"));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(server.connections.get()).as("the GET went again on a new connection").isEqualTo(2);

            WireResponse keyed = transport.exchange(request("h", server.port(), "POST", new Header("Idempotency-Key", "k-1")));
            assertThat(keyed.status()).isEqualTo(200);
            assertThat(server.connections.get()).isEqualTo(3);

            assertThatThrownBy(() -> transport.exchange(request("h", server.port(), "POST")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("closed the connection");
            assertThat(server.connections.get()).as("a POST without a key is not sent twice").isEqualTo(3);
        }
    }

    @Test
    void anAnswerLongerThanItSaidClosesItsConnection() throws Exception {
        try (Scripted server = new Scripted(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged");
            conn.readHead();
        })) {
            transport.exchange(request("h", server.port(), "GET"));
            assertThat(transport.idleConnections()).as("the bytes after the answer are nobody's").isZero();
        }
    }

    @Test
    void aTlsConnectionIsReusedAndStillChecksTheNameOfEachRoute(@TempDir Path dir) throws Exception {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(SocketTransportTest.tls(dir, true)));
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            LocalServer.respond(ex, 200, "tls");
        });
        server.start();
        try {
            java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
            SocketTransport tls = new SocketTransport(SocketTransportTest.tls(dir, false).getSocketFactory(),
                    SocketTransportTest.WATCHDOG, now::get);
            int port = server.getAddress().getPort();
            WireRequest get = new WireRequest("https", "localhost", port, InetAddress.getLoopbackAddress(), "GET", "/",
                    List.of(), new byte[0], Duration.ofSeconds(5), Duration.ofSeconds(10), 1000);
            tls.exchange(get);
            now.addAndGet(ConnectionPool.CHECK_AFTER_MILLIS + 200); // idle long enough to be checked through TLS
            tls.exchange(get);
            assertThat(clientPorts).hasSize(2);
            assertThat(clientPorts.get(1)).as("the checked connection was reused").isEqualTo(clientPorts.get(0));

            // the same address under a name the certificate does not prove is its own route, and refused
            WireRequest otherName = new WireRequest("https", "charter.invalid", port, InetAddress.getLoopbackAddress(),
                    "GET", "/", List.of(), new byte[0], Duration.ofSeconds(5), Duration.ofSeconds(10), 1000);
            assertThatThrownBy(() -> tls.exchange(otherName)).isInstanceOf(javax.net.ssl.SSLException.class);
        } finally {
            server.stop(0);
        }
    }

    /** A server that runs {@code script} on every connection it accepts, counting connections and request heads. */
    static final class Scripted implements AutoCloseable {
        interface Script {
            void run(Conn conn) throws IOException;
        }

        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket socket;
        private final List<Socket> open = new ArrayList<>();
        private final Thread acceptor;

        Scripted(Script script) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (open) {
                            open.add(s);
                        }
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> {
                            try {
                                script.run(new Conn(s, requests));
                            } catch (IOException ignored) {
                                // the client hung up
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    /** One accepted connection of a {@link Scripted} server. */
    record Conn(Socket socket, AtomicInteger requests) {
        /** Reads a request head and its Content-Length body. */
        void readHead() throws IOException {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                head.append((char) c);
            }
            requests.incrementAndGet();
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
        }

        void write(String answer) throws IOException {
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }
}

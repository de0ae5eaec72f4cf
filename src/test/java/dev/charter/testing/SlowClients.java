package dev.charter.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Connections that send a request slowly, for tests and benchmarks of a server's defences: each opens a loopback
 * connection (from a chosen source address, so a per-address cap can be respected or tested), sends the start of a
 * request and then one more byte every {@code every}. All of them share one thread; nothing here blocks on the
 * server. Closing the instance closes every connection it opened.
 */
public final class SlowClients implements AutoCloseable {

    /** Where a connection's request stalls. */
    public enum Stall {
        /** the request line is sent, then header bytes one at a time */
        HEADERS,
        /** complete headers announce a body, then body bytes one at a time */
        BODY
    }

    private final List<Client> clients = new ArrayList<>();
    private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-clients");
        t.setDaemon(true);
        return t;
    });

    private record Client(SocketChannel channel, Stall stall, long openedNanos, long[] closedNanos) {}

    public SlowClients(Duration every) {
        dripper.scheduleWithFixedDelay(this::drip, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens {@code count} connections from {@code source} (a loopback address such as 127.0.0.12) to the port and
     * starts each request. Returns how many connected.
     */
    public synchronized int open(String source, int port, int count, Stall stall, String path) throws IOException {
        int opened = 0;
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_LINGER, 0); // closing resets: no TIME_WAIT pile-up in the test
            channel.bind(new InetSocketAddress(source, 0));
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            String start = stall == Stall.HEADERS
                    ? "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    : "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n[";
            Client client = new Client(channel, stall, System.nanoTime(), new long[] {0});
            write(client, start);
            clients.add(client);
            opened++;
        }
        return opened;
    }

    /** Connections the server has closed (or answered) so far. */
    public synchronized int closedByServer() {
        poll();
        return (int) clients.stream().filter(c -> c.closedNanos()[0] != 0).count();
    }

    public synchronized int opened() {
        return clients.size();
    }

    /** How long each closed connection lived, in milliseconds, in the order they were opened. */
    public synchronized List<Long> lifetimesMillis() {
        poll();
        return clients.stream().filter(c -> c.closedNanos()[0] != 0)
                .map(c -> TimeUnit.NANOSECONDS.toMillis(c.closedNanos()[0] - c.openedNanos())).toList();
    }

    private synchronized void drip() {
        for (Client c : clients) {
            if (c.closedNanos()[0] == 0) {
                write(c, c.stall() == Stall.HEADERS ? "a" : "1");
            }
        }
        poll();
    }

    /** Reads whatever the server sent and notices closed connections. */
    private void poll() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (Client c : clients) {
            if (c.closedNanos()[0] != 0) {
                continue;
            }
            try {
                sink.clear();
                int n = c.channel().read(sink);
                if (n != 0) {
                    // an answer or an end of stream: either way the server is done with this request
                    c.closedNanos()[0] = System.nanoTime();
                }
            } catch (IOException e) {
                c.closedNanos()[0] = System.nanoTime();
            }
        }
    }

    private static void write(Client c, String text) {
        try {
            c.channel().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            if (c.closedNanos()[0] == 0) {
                c.closedNanos()[0] = System.nanoTime();
            }
        }
    }

    @Override
    public synchronized void close() {
        dripper.shutdownNow();
        for (Client c : clients) {
            try {
                c.channel().close();
            } catch (IOException e) {
                // closing a socket the server already reset
            }
        }
        clients.clear();
    }
}

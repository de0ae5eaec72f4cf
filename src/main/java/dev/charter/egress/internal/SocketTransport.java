package dev.charter.egress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connects a plain socket to the exact address the gateway checked, then, for https, layers TLS over it with the
 * host name for SNI and certificate verification ({@code HTTPS} endpoint identification): the connection goes
 * where policy said and the certificate must still prove the name. A watchdog closes the connection when the hop's
 * whole-exchange timeout passes, so a slow drip cannot hold it open.
 *
 * <p>A whole answer read to its declared end leaves its connection in a {@link ConnectionPool} for the next hop to
 * the same route (scheme, host, port and checked address), so a busy destination is not paid a handshake per
 * request; a streamed answer closes its connection. A reused connection that fails before the first byte of an
 * answer (the destination closed it while idle) is replaced by a new one once, for a request that may be sent
 * twice: an idempotent method, or one that carries an {@code Idempotency-Key}. See ADR 0040 and ADR 0242.
 */
final class SocketTransport implements Transport {

    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;
    private final ConnectionPool pool;

    SocketTransport(SSLSocketFactory tls, ScheduledExecutorService watchdog) {
        this(tls, watchdog, System::currentTimeMillis);
    }

    /** @param millis the pool's clock, which decides how long a connection has been idle */
    SocketTransport(SSLSocketFactory tls, ScheduledExecutorService watchdog, java.util.function.LongSupplier millis) {
        this.tls = tls;
        this.watchdog = watchdog;
        this.pool = new ConnectionPool(millis);
        // idle connections past their time are closed even when no hop asks for their route again
        watchdog.scheduleWithFixedDelay(pool::evictExpired, ConnectionPool.IDLE_MILLIS, ConnectionPool.IDLE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Idle connections kept for reuse now (for tests and metrics). */
    int idleConnections() {
        return pool.idleCount();
    }

    /** Closes the idle connections. */
    void closeIdle() {
        pool.closeAll();
    }

    @Override
    public WireResponse exchange(WireRequest r) throws IOException {
        ConnectionPool.Route route = ConnectionPool.Route.of(r);
        ConnectionPool.Connection reused = pool.take(route);
        if (reused != null) {
            try {
                return exchangeOn(reused, route, r);
            } catch (NotAnswered e) {
                if (!mayResend(r)) {
                    throw e.failure();
                }
                // the destination had closed the idle connection: once more on a new one
            }
        }
        return exchangeOn(null, route, r);
    }

    /**
     * Asks the kernel to acknowledge the answer's segments at once rather than after its delayed-ACK wait. A
     * destination that writes its headers and its body apart, with Nagle's algorithm on (the JDK's own HTTP server
     * does), holds the body until the headers are acknowledged; on a kept-alive connection, past the first few
     * segments a new connection acknowledges at once, that would cost some 40 ms an answer. Where the option is
     * not there (not Linux), nothing changes.
     */
    private static void quickAck(java.nio.channels.SocketChannel channel) {
        if (QUICK_ACK) {
            try {
                channel.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException e) {
                // an optimisation only
            }
        }
    }

    private static final boolean QUICK_ACK = quickAckSupported();

    private static boolean quickAckSupported() {
        try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open()) {
            return probe.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final java.util.Set<String> IDEMPOTENT = java.util.Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    /** A request that may go twice: its method is idempotent, or it names its own idempotency key. */
    static boolean mayResend(WireRequest r) {
        if (IDEMPOTENT.contains(r.method())) {
            return true;
        }
        return r.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Idempotency-Key"));
    }

    /** An exchange on a reused connection that failed before any byte of an answer came. */
    private static final class NotAnswered extends IOException {
        NotAnswered(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }

    /**
     * Sends {@code r} on {@code reused}, or on a new connection when it is null, and reads the whole answer, all
     * within the hop's timeout; puts the connection back in the pool when the answer ended where it said and the
     * destination keeps the connection, else closes it.
     */
    private WireResponse exchangeOn(ConnectionPool.Connection reused, ConnectionPool.Route route, WireRequest r)
            throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        java.nio.channels.SocketChannel channel = reused != null ? reused.channel : java.nio.channels.SocketChannel.open();
        Socket first = reused != null ? reused.socket : channel.socket();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            closeQuietly(first);
        }, r.timeout().toMillis(), TimeUnit.MILLISECONDS);
        ConnectionPool.Connection c = reused;
        boolean keep = false;
        try {
            first.setSoTimeout((int) Math.min(Integer.MAX_VALUE, r.timeout().toMillis()));
            if (c == null) {
                c = connect(route, channel, r);
            }
            try {
                Http1.writeRequest(c.out, r, true);
                quickAck(channel);
                c.in.mark(1);
                if (c.in.read() < 0) {
                    throw new java.io.EOFException("the destination closed the connection without an answer");
                }
                c.in.reset();
            } catch (IOException e) {
                throw reused == null || expired.get() ? e : new NotAnswered(e);
            }
            Http1.Head head = Http1.readHead(c.in);
            WireResponse answer = Http1.readResponse(c.in, r.method(), head, r.maxResponseBytes());
            long keepMillis = Http1.keepAliveMillis(r.method(), head);
            keep = keepMillis > 0 && deadline.cancel(false) && !expired.get();
            if (keep) {
                pool.give(c, keepMillis);
            }
            return answer;
        } catch (NotAnswered e) {
            throw e;
        } catch (IOException e) {
            throw expired.get() ? timedOut(r) : e;
        } finally {
            deadline.cancel(false);
            if (!keep) {
                if (c != null) {
                    c.close();
                } else {
                    closeQuietly(first);
                }
            }
        }
    }

    /**
     * Like {@link #exchange}, with the body handed to {@code reader} as it arrives. The watchdog still closes the
     * connection when the hop's timeout passes; a read it interrupts fails with an
     * {@link dev.charter.egress.EgressLimitException} ({@code TIME}).
     */
    @Override
    public <T> T stream(WireRequest r, BodyReader<T> reader) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        try {
            return over(r, expired, in -> {
                Http1.Head head = Http1.readHead(in);
                InputStream body = Http1.bodyStream(in, r.method(), head, r.maxResponseBytes());
                return reader.read(head.status(), head.headers(), new Timed(body, expired, r));
            });
        } catch (IOException e) {
            throw expired.get() && !(e instanceof dev.charter.egress.EgressLimitException) ? timedOut(r) : e;
        }
    }

    private static java.net.SocketTimeoutException timedOut(WireRequest r) {
        return new java.net.SocketTimeoutException("no complete answer within " + r.timeout().toSeconds() + " s");
    }

    /**
     * Connects {@code channel} to the hop's checked address, TLS over it when the hop is https. Requests go out
     * whole ({@code TCP_NODELAY}: Nagle's algorithm would hold a body written after its head).
     */
    private ConnectionPool.Connection connect(ConnectionPool.Route route, java.nio.channels.SocketChannel channel,
                                              WireRequest r) throws IOException {
        Socket raw = channel.socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress(r.address(), r.port()), (int) Math.min(Integer.MAX_VALUE, r.connectTimeout().toMillis()));
        return new ConnectionPool.Connection(route, r.tls() ? startTls(raw, r) : raw, channel);
    }

    /** What is read from the connection once the request is written. */
    private interface Answer<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Connects to the hop's checked address (TLS when the hop is https), writes the request and reads the answer,
     * with a watchdog that closes the connection, and sets {@code expired}, when the hop's timeout passes.
     */
    private <T> T over(WireRequest r, AtomicBoolean expired, Answer<T> answer) throws IOException {
        java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open();
        Socket raw = channel.socket();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            closeQuietly(raw);
        }, r.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try (raw) {
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, r.timeout().toMillis()));
            ConnectionPool.Connection c = connect(ConnectionPool.Route.of(r), channel, r);
            try {
                Http1.writeRequest(c.out, r, false);
                return answer.read(c.in);
            } finally {
                c.close();
            }
        } finally {
            deadline.cancel(false);
        }
    }

    /** A body whose reads, once the watchdog closed the connection or a read timed out, say the time ran out. */
    private static final class Timed extends java.io.FilterInputStream {
        private final AtomicBoolean expired;
        private final WireRequest r;

        Timed(InputStream in, AtomicBoolean expired, WireRequest r) {
            super(in);
            this.expired = expired;
            this.r = r;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw timed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw timed(e);
            }
        }

        private IOException timed(IOException e) {
            if (e instanceof dev.charter.egress.EgressLimitException) {
                return e;
            }
            if (expired.get() || e instanceof java.net.SocketTimeoutException) {
                return new dev.charter.egress.EgressLimitException(dev.charter.egress.EgressLimitException.Limit.TIME,
                        "the answer took longer than " + r.timeout().toMillis() + " ms");
            }
            return e;
        }
    }

    private SSLSocket startTls(Socket raw, WireRequest r) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(raw, r.host(), r.port(), true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (Cidr.literal(r.host()) == null) {
            p.setServerNames(List.of(new SNIHostName(r.host())));
        }
        p.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing to stop a hop that ran out of time
        }
    }
}

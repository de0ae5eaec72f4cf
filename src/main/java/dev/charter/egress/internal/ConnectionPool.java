package dev.charter.egress.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Idle HTTP/1.1 connections the gateway may send its next hop on, so a busy destination is not paid a TCP (and TLS)
 * handshake per request. A connection is kept only for exactly the route it was opened for: scheme, host name (the
 * Host header, SNI and the name its certificate proved) and port, <em>and the address the gateway checked</em>; a hop
 * reuses it only when its own checks, made again from the start, arrive at that same address, so reuse never skips
 * policy, the address check or DLP. Nothing of a request stays with a connection: credentials are headers of each
 * request, and an answer is read to its declared end before the connection is put back.
 *
 * <p>Bounds: {@link #MAX_IDLE_PER_ROUTE} idle connections a route, {@link #MAX_IDLE} in all, each kept at most
 * {@link #IDLE_MILLIS} (less when the destination's {@code Keep-Alive: timeout} says so), newest reused first. Before
 * reuse a plain connection is read once without blocking (the destination may have closed it, or sent bytes nobody
 * asked for); a TLS connection, whose raw bytes belong to TLS, is checked by a read of 1 ms once it has been idle
 * for more than {@link #CHECK_AFTER_MILLIS}. See ADR 0242.
 */
final class ConnectionPool {

    static final int MAX_IDLE_PER_ROUTE = 16;
    static final int MAX_IDLE = 256;
    static final long IDLE_MILLIS = 4_000;
    static final long CHECK_AFTER_MILLIS = 1_000;

    /** Where a connection goes: everything a reuse must match. */
    record Route(String scheme, String host, int port, InetAddress address) {

        static Route of(WireRequest r) {
            return new Route(r.scheme(), r.host().toLowerCase(java.util.Locale.ROOT), r.port(), r.address());
        }
    }

    /** An open connection and its buffered streams (bytes already buffered belong to it). */
    static final class Connection {
        final Route route;
        final Socket socket;
        final java.nio.channels.SocketChannel channel;
        final BufferedInputStream in;
        final BufferedOutputStream out;
        long idleSince;
        long idleUntil;
        boolean reused;

        /**
         * @param socket  what the exchange reads and writes: the channel's socket, or TLS layered over it
         * @param channel the TCP connection underneath
         */
        Connection(Route route, Socket socket, java.nio.channels.SocketChannel channel) throws IOException {
            this.route = route;
            this.socket = socket;
            this.channel = channel;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection nobody will use again
            }
        }
    }

    private final Map<Route, Deque<Connection>> idle = new HashMap<>();
    private final LongSupplier clock;
    private int count;

    ConnectionPool(LongSupplier millis) {
        this.clock = millis;
    }

    ConnectionPool() {
        this(System::currentTimeMillis);
    }

    /**
     * The newest idle connection of {@code route} that is still open, or null. Expired ones are closed on the way;
     * one idle for longer than {@link #CHECK_AFTER_MILLIS} is given only when a 1 ms read finds nothing waiting and
     * the connection not closed by the destination.
     */
    Connection take(Route route) {
        while (true) {
            Connection c;
            synchronized (this) {
                Deque<Connection> q = idle.get(route);
                c = q == null ? null : q.pollFirst();
                if (c == null) {
                    return null;
                }
                count--;
                if (q.isEmpty()) {
                    idle.remove(route);
                }
            }
            long now = clock.getAsLong();
            if (now >= c.idleUntil || c.socket.isClosed() || !alive(c, now - c.idleSince)) {
                c.close();
                continue;
            }
            c.reused = true;
            return c;
        }
    }

    /**
     * Keeps {@code c} for reuse for at most {@code keepMillis} (capped at {@link #IDLE_MILLIS}); closes it instead
     * when it already has unread bytes (an answer longer than it said) or the pool is full.
     */
    void give(Connection c, long keepMillis) {
        long keep = Math.min(IDLE_MILLIS, keepMillis);
        try {
            if (keep <= 0 || c.socket.isClosed() || c.in.available() > 0) {
                c.close();
                return;
            }
        } catch (IOException e) {
            c.close();
            return;
        }
        long now = clock.getAsLong();
        c.idleSince = now;
        c.idleUntil = now + keep;
        synchronized (this) {
            Deque<Connection> q = idle.computeIfAbsent(c.route, r -> new ArrayDeque<>());
            if (q.size() < MAX_IDLE_PER_ROUTE && count < MAX_IDLE) {
                q.addFirst(c);
                count++;
                return;
            }
        }
        c.close();
    }

    /** Closes every connection past its idle time; run periodically so idle sockets do not linger. */
    void evictExpired() {
        long now = clock.getAsLong();
        java.util.List<Connection> expired = new java.util.ArrayList<>();
        synchronized (this) {
            for (Iterator<Deque<Connection>> routes = idle.values().iterator(); routes.hasNext(); ) {
                Deque<Connection> q = routes.next();
                for (Iterator<Connection> it = q.iterator(); it.hasNext(); ) {
                    Connection c = it.next();
                    if (now >= c.idleUntil) {
                        it.remove();
                        count--;
                        expired.add(c);
                    }
                }
                if (q.isEmpty()) {
                    routes.remove();
                }
            }
        }
        expired.forEach(Connection::close);
    }

    /** Closes every idle connection. */
    void closeAll() {
        java.util.List<Connection> all = new java.util.ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
            count = 0;
        }
        all.forEach(Connection::close);
    }

    synchronized int idleCount() {
        return count;
    }

    /** True when the connection is open with nothing waiting on it, as far as a check fit for it can tell. */
    private static boolean alive(Connection c, long idleMillis) {
        if (!(c.socket instanceof javax.net.ssl.SSLSocket)) {
            return quiet(c.channel);
        }
        return idleMillis <= CHECK_AFTER_MILLIS || quietTls(c);
    }

    /** A read that does not wait: nothing there (0) means open and quiet; -1 closed; bytes, unasked for. */
    private static boolean quiet(java.nio.channels.SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(java.nio.ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A read of 1 ms through TLS: a timeout means open and quiet. */
    private static boolean quietTls(Connection c) {
        try {
            int before = c.socket.getSoTimeout();
            c.socket.setSoTimeout(1);
            try {
                c.in.read();
                return false; // closed (-1), or bytes nobody asked for
            } catch (SocketTimeoutException quiet) {
                return true;
            } finally {
                c.socket.setSoTimeout(before);
            }
        } catch (IOException e) {
            return false;
        }
    }
}

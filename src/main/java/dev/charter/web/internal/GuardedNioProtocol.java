package dev.charter.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 connector with two guards against slow or greedy clients (docs/adr/0100-slow-clients.md):
 * a cap on the connections one client address holds open, enforced as they are accepted, and a deadline for a
 * request's line and headers, counted from their first byte, whatever the gaps between the bytes.
 *
 * <p>NIO parses a request's headers without a worker thread: a request whose headers are incomplete waits in the
 * poller with its processor attached to the connection. A sweeper on Tomcat's utility executor looks at those
 * connections a few times a second and closes each whose headers have taken longer than the deadline, the same way
 * the poller closes a connection whose read timed out. Tomcat instantiates this class by name.
 */
public class GuardedNioProtocol extends Http11NioProtocol {

    public GuardedNioProtocol() {
        super(new GuardedEndpoint());
    }

    private GuardedEndpoint guarded() {
        return (GuardedEndpoint) getEndpoint();
    }

    /** Open connections one address may hold; 0 for no limit. */
    public void setMaxConnectionsPerAddress(int max) {
        guarded().maxPerAddress = max;
    }

    public int getMaxConnectionsPerAddress() {
        return guarded().maxPerAddress;
    }

    /** The most time a request's line and headers may take from their first byte, in milliseconds. */
    public void setHeaderDeadline(long millis) {
        guarded().headerDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Connections closed because their address already held its share. */
    public long getRefusedConnections() {
        return guarded().refused.get();
    }

    /** Connections closed because their headers missed the deadline. */
    public long getHeadersCutOff() {
        return guarded().cutOff.get();
    }

    /** Open connections from one address, as counted for the cap. */
    public int getOpenConnections(InetAddress address) {
        return guarded().openFrom(address);
    }

    /** Open connections counted per address; a connection is counted from its accept until its close. */
    static final class GuardedEndpoint extends NioEndpoint {

        private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
        private final Map<SocketChannel, InetAddress> addressOf = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong cutOff = new java.util.concurrent.atomic.AtomicLong();
        volatile int maxPerAddress;
        volatile long headerDeadlineNanos = TimeUnit.SECONDS.toNanos(10);
        private ScheduledFuture<?> sweeper;

        GuardedEndpoint() {
            // Tomcat adds each accepted connection to this map and removes it when the connection closes, whoever
            // closes it: counting there keeps the per-address figures exact without hooking every close path
            connections = new ConcurrentHashMap<>() {
                @Override
                public SocketWrapperBase<NioChannel> put(SocketChannel key, SocketWrapperBase<NioChannel> value) {
                    InetAddress address = address(key);
                    if (address != null && addressOf.putIfAbsent(key, address) == null) {
                        perAddress.merge(address, 1, Integer::sum);
                    }
                    return super.put(key, value);
                }

                @Override
                public SocketWrapperBase<NioChannel> remove(Object key) {
                    InetAddress address = addressOf.remove(key);
                    if (address != null) {
                        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
                    }
                    return super.remove(key);
                }
            };
        }

        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            int max = maxPerAddress;
            if (max > 0) {
                InetAddress address = address(socket);
                // one acceptor thread accepts connections, so no other accept can slip in between check and count
                if (address != null && perAddress.getOrDefault(address, 0) >= max) {
                    refused.incrementAndGet();
                    // the acceptor closes only sockets that have a wrapper: release the connection count and close
                    // this one here, as NioEndpoint does when its own set-up of a socket fails
                    destroySocket(socket);
                    return false;
                }
            }
            return super.setSocketOptions(socket);
        }

        @Override
        public void startInternal() throws Exception {
            super.startInternal();
            sweeper = getUtilityExecutor().scheduleWithFixedDelay(this::cutOffSlowHeaders, 200, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stopInternal() {
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            super.stopInternal();
        }

        int openFrom(InetAddress address) {
            return perAddress.getOrDefault(address, 0);
        }

        /**
         * A connection has a processor attached between reads only while a request's line or headers are
         * incomplete (or while it is asynchronous or upgraded, which the body deadline and other code handle).
         */
        private void cutOffSlowHeaders() {
            long now = System.nanoTime();
            long deadline = headerDeadlineNanos;
            for (SocketWrapperBase<NioChannel> wrapper : getConnections()) {
                if (!(wrapper.getCurrentProcessor() instanceof Processor processor) || processor.isAsync()
                        || processor.isUpgrade()) {
                    continue;
                }
                var request = processor.getRequest();
                long started = request.getStartTimeNanos();
                if (started > 0 && now - started > deadline && !request.getResponse().isCommitted() && !wrapper.isClosed()) {
                    cutOff.incrementAndGet();
                    if (!processSocket(wrapper, SocketEvent.ERROR, true)) {
                        wrapper.close();
                    }
                }
            }
        }

        private static InetAddress address(SocketChannel socket) {
            try {
                return socket.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}

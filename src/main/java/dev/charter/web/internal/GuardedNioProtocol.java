package dev.charter.web.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 connector with two guards against slow or greedy clients (docs/adr/0100-slow-clients.md):
 * a cap on the connections one client address holds open, enforced as they are accepted (a connection beyond it
 * is closed at its first event, before any of its bytes are served), and a deadline for a request's line and
 * headers, counted from their first byte, whatever the gaps between the bytes.
 *
 * <p>NIO parses a request's headers without a worker thread: a request whose headers are incomplete waits in the
 * poller with its processor attached to the connection. A sweeper on Tomcat's utility executor looks at those
 * connections five times a second and closes each whose headers have taken longer than the deadline, the same way
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

    /** Open connections from one address (as text, {@code 127.0.0.1}), as counted for the cap. */
    public int getOpenConnections(String address) {
        return guarded().perAddress.getOrDefault(address, 0);
    }

    /** Open connections counted per address; a connection is counted from its accept until its close. */
    static final class GuardedEndpoint extends NioEndpoint {

        private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
        /** Connections accepted from an address that already held its share; closed at their first event. */
        private final Set<SocketWrapperBase<?>> overCap = ConcurrentHashMap.newKeySet();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong cutOff = new AtomicLong();
        volatile int maxPerAddress;
        volatile long headerDeadlineNanos = TimeUnit.SECONDS.toNanos(10);
        private ScheduledFuture<?> sweeper;

        GuardedEndpoint() {
            // Tomcat adds each accepted connection to this map and removes it when the connection closes, whoever
            // closes it: counting there keeps the per-address figures exact without hooking every close path
            connections = new Counted<>();
        }

        /** The endpoint's map of open connections, counting them per remote address. */
        private final class Counted<K, W extends SocketWrapperBase<NioChannel>> extends ConcurrentHashMap<K, W> {
            private final Map<Object, String> addressOf = new ConcurrentHashMap<>();

            @Override
            public W put(K key, W wrapper) {
                String address = wrapper.getRemoteAddr();
                if (address != null && addressOf.putIfAbsent(key, address) == null) {
                    int open = perAddress.merge(address, 1, Integer::sum);
                    int max = maxPerAddress;
                    // one acceptor thread adds connections, so two accepts cannot both take the last place
                    if (max > 0 && open > max) {
                        refused.incrementAndGet();
                        overCap.add(wrapper);
                    }
                }
                return super.put(key, wrapper);
            }

            @Override
            public W remove(Object key) {
                W wrapper = super.remove(key);
                if (wrapper != null) {
                    overCap.remove(wrapper);
                }
                String address = addressOf.remove(key);
                if (address != null) {
                    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
                }
                return wrapper;
            }
        }

        /** A connection over its address's cap is never served: whatever it sends, it is closed. */
        @Override
        public boolean processSocket(SocketWrapperBase<NioChannel> wrapper, SocketEvent event, boolean dispatch) {
            return super.processSocket(wrapper, overCap.contains(wrapper) ? SocketEvent.ERROR : event, dispatch);
        }

        @Override
        public void startInternal() throws Exception {
            super.startInternal();
            sweeper = getUtilityExecutor().scheduleWithFixedDelay(this::sweep, 200, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stopInternal() {
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            super.stopInternal();
        }

        /**
         * Closes connections over their cap that stayed silent, and those whose headers missed the deadline. A
         * connection has a processor attached between reads only while a request's line or headers are incomplete
         * (or while it is asynchronous or upgraded, which the body deadline and other code handle).
         */
        private void sweep() {
            for (SocketWrapperBase<?> wrapper : overCap) {
                close(wrapper);
            }
            long now = System.nanoTime();
            long deadline = headerDeadlineNanos;
            for (SocketWrapperBase<NioChannel> wrapper : getConnections()) {
                if (!(wrapper.getCurrentProcessor() instanceof Processor processor) || processor.isAsync()
                        || processor.isUpgrade()) {
                    continue;
                }
                var request = processor.getRequest();
                long started = request.getStartTimeNanos();
                if (started > 0 && now - started > deadline && !request.getResponse().isCommitted()) {
                    cutOff.incrementAndGet();
                    close(wrapper);
                }
            }
        }

        /** Closes a connection the way Tomcat's poller closes one whose read timed out. */
        @SuppressWarnings("unchecked")
        private void close(SocketWrapperBase<?> wrapper) {
            if (!wrapper.isClosed() && !processSocket((SocketWrapperBase<NioChannel>) wrapper, SocketEvent.ERROR, true)) {
                wrapper.close();
            }
        }
    }
}

package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * One hop as the transport sends it: to exactly {@code address}, with {@code host} used for the Host header, SNI
 * and certificate verification. Its headers may hold an attached credential, so {@link #toString()} shows none.
 *
 * @param target the request target: raw path and query
 */
record WireRequest(String scheme, String host, int port, InetAddress address, String method, String target,
                   List<Header> headers, byte[] body, Duration connectTimeout, Duration timeout, long maxResponseBytes) {

    WireRequest {
        headers = List.copyOf(headers);
    }

    boolean tls() {
        return "https".equals(scheme);
    }

    @Override
    public String toString() {
        return "WireRequest[" + method + " " + scheme + "://" + host + ":" + port + " via " + address.getHostAddress() + "]";
    }
}

package dev.charter.egress.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * What a host name resolved to for one hop. The gateway connects to {@link #first()} of a checked set and never
 * resolves the name again, so an answer that changes between check and connect (DNS rebinding) cannot move the
 * connection.
 */
record ResolvedAddresses(String host, List<InetAddress> addresses) {

    ResolvedAddresses {
        addresses = List.copyOf(addresses);
    }

    InetAddress first() {
        return addresses.get(0);
    }

    @Override
    public String toString() {
        return host + " -> " + addresses.stream().map(InetAddress::getHostAddress).toList();
    }
}

package dev.charter.egress.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses. The gateway asks once per hop and connects only to an address it checked. */
@FunctionalInterface
interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The operating system's resolver. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}

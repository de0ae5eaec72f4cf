package dev.charter.egress.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether an address may be connected to: public unicast addresses may, special-purpose ones
 * (loopback, private, link-local, CGNAT, multicast, unspecified, documentation, cloud metadata…) may not unless an
 * operator allowed a range that contains them. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
 * 6to4) are judged by the IPv4 address inside. Pure: no DNS, no I/O.
 */
final class AddressGuard {

    private record Range(Cidr cidr, String why) {}

    /** Cloud instance-metadata host names, refused by name whatever they resolve to. */
    static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.platformequinix.com");

    private static final List<Range> V4 = List.of(
            new Range(Cidr.parse("169.254.169.254/32"), "a cloud metadata address"),
            new Range(Cidr.parse("169.254.170.2/32"), "a cloud metadata address"),
            new Range(Cidr.parse("100.100.100.200/32"), "a cloud metadata address"),
            new Range(Cidr.parse("192.0.0.192/32"), "a cloud metadata address"),
            new Range(Cidr.parse("0.0.0.0/8"), "an unspecified address (0.0.0.0/8)"),
            new Range(Cidr.parse("10.0.0.0/8"), "a private address (RFC 1918)"),
            new Range(Cidr.parse("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598)"),
            new Range(Cidr.parse("127.0.0.0/8"), "a loopback address"),
            new Range(Cidr.parse("169.254.0.0/16"), "a link-local address"),
            new Range(Cidr.parse("172.16.0.0/12"), "a private address (RFC 1918)"),
            new Range(Cidr.parse("192.0.0.0/24"), "an IETF protocol address (RFC 6890)"),
            new Range(Cidr.parse("192.0.2.0/24"), "a documentation address"),
            new Range(Cidr.parse("192.88.99.0/24"), "a 6to4 relay address"),
            new Range(Cidr.parse("192.168.0.0/16"), "a private address (RFC 1918)"),
            new Range(Cidr.parse("198.18.0.0/15"), "a benchmarking address"),
            new Range(Cidr.parse("198.51.100.0/24"), "a documentation address"),
            new Range(Cidr.parse("203.0.113.0/24"), "a documentation address"),
            new Range(Cidr.parse("224.0.0.0/4"), "a multicast address"),
            new Range(Cidr.parse("240.0.0.0/4"), "a reserved address"));

    private static final List<Range> V6 = List.of(
            new Range(Cidr.parse("fd00:ec2::254/128"), "a cloud metadata address"),
            new Range(Cidr.parse("::/128"), "the unspecified address"),
            new Range(Cidr.parse("::1/128"), "a loopback address"),
            new Range(Cidr.parse("100::/64"), "a discard-only address"),
            new Range(Cidr.parse("2001::/32"), "a Teredo address"),
            new Range(Cidr.parse("2001:db8::/32"), "a documentation address"),
            new Range(Cidr.parse("2001:10::/28"), "an ORCHID address"),
            new Range(Cidr.parse("fc00::/7"), "a unique local address (private IPv6)"),
            new Range(Cidr.parse("fe80::/10"), "a link-local address"),
            new Range(Cidr.parse("fec0::/10"), "a site-local address"),
            new Range(Cidr.parse("ff00::/8"), "a multicast address"));

    private final List<Cidr> allowed;

    AddressGuard(List<String> allowedRanges) {
        this.allowed = allowedRanges.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    /** Null when the address may be used, else why not ("a loopback address"). */
    String refusal(InetAddress address) {
        for (Cidr c : allowed) {
            if (c.contains(address)) {
                return null;
            }
        }
        return classify(address);
    }

    /** True when the address lies in a range the operator allowed (charter.egress.allowed-private-ranges). */
    boolean operatorAllowed(InetAddress address) {
        return allowed.stream().anyMatch(c -> c.contains(address));
    }

    /** What kind of special-purpose address this is, or null for a public unicast address. */
    static String classify(InetAddress address) {
        if (address instanceof Inet4Address) {
            return classify4(address);
        }
        byte[] a = address.getAddress();
        InetAddress embedded = embeddedV4((Inet6Address) address, a);
        if (embedded != null) {
            String why = classify4(embedded);
            return why == null ? null : why + " inside an IPv6 address";
        }
        for (Range r : V6) {
            if (r.cidr().contains(address)) {
                return r.why();
            }
        }
        return null;
    }

    /** A refusal for host names that must never be reached whatever they resolve to, or null. */
    static String refusalByName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(h)) {
            return "'" + host + "' is a cloud metadata host";
        }
        return null;
    }

    private static String classify4(InetAddress address) {
        for (Range r : V4) {
            if (r.cidr().contains(address)) {
                return r.why();
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedV4(Inet6Address address, byte[] a) {
        try {
            boolean zero80 = allZero(a, 0, 10);
            if (zero80 && ((a[10] == (byte) 0xff && a[11] == (byte) 0xff) || (a[10] == 0 && a[11] == 0 && !allZero(a, 12, 16)
                    && !(a[12] == 0 && a[13] == 0 && a[14] == 0)))) {
                return InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]});
            }
            if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b && allZero(a, 4, 12)) {
                return InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]});
            }
            if (a[0] == 0x20 && a[1] == 0x02) {
                return InetAddress.getByAddress(new byte[] {a[2], a[3], a[4], a[5]});
            }
            return null;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

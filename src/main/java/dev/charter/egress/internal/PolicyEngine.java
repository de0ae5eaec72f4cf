package dev.charter.egress.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The egress rules as one pure function: {@link #decide(Target, ResolvedAddresses)} looks only at its arguments
 * and the policies it was built with (no DNS, no clock, no I/O), so the gateway and, later, a local proxy for
 * sandboxed processes apply exactly the same rules. Deny by default: a purpose without a policy, a host, scheme,
 * port, method or path no entry lists, or an address that is not public is refused, always with a reason.
 */
final class PolicyEngine {

    /**
     * A module's policy after the operator's overrides.
     *
     * @param enabled   false when the operator switched the purpose off
     * @param denyHosts hosts this purpose may not reach (the operator's, per purpose)
     */
    record Effective(EgressPolicy policy, boolean enabled, List<String> denyHosts) {}

    private final Map<String, Effective> policies;
    private final List<String> globalDenyHosts;
    private final AddressGuard addresses;

    PolicyEngine(Map<String, Effective> policies, List<String> globalDenyHosts, AddressGuard addresses) {
        this.policies = Map.copyOf(policies);
        this.globalDenyHosts = List.copyOf(globalDenyHosts);
        this.addresses = addresses;
    }

    /** The decision on everything but addresses: run before DNS so a denied host is never even looked up. */
    PolicyDecision precheck(Target t) {
        return decide(t, null);
    }

    /**
     * The decision for one hop.
     *
     * @param resolved what the host resolved to; null to decide on the destination alone
     */
    PolicyDecision decide(Target t, ResolvedAddresses resolved) {
        Effective e = policies.get(t.purpose());
        if (e == null) {
            return PolicyDecision.deny("no egress policy is declared for purpose '" + t.purpose() + "'");
        }
        if (!e.enabled()) {
            return PolicyDecision.deny("purpose '" + t.purpose() + "' is switched off by the operator");
        }
        String byName = AddressGuard.refusalByName(t.host());
        if (byName != null) {
            return PolicyDecision.deny(byName);
        }
        if (Patterns.anyHostMatches(globalDenyHosts, t.host())) {
            return PolicyDecision.deny("host " + t.host() + " is on the operator's deny list (charter.egress.deny-hosts)");
        }
        if (Patterns.anyHostMatches(e.denyHosts(), t.host())) {
            return PolicyDecision.deny("host " + t.host() + " is on the operator's deny list for purpose '" + t.purpose() + "'");
        }
        if (t.connectionBase() != null && !withinBase(t, t.connectionBase())) {
            return PolicyDecision.deny("the connection's credential may only go to " + baseDisplay(t.connectionBase())
                    + ", not to " + t.origin() + " or paths outside the base");
        }
        String destinationRefusal = matchDestination(e.policy(), t);
        if (destinationRefusal != null) {
            return PolicyDecision.deny(destinationRefusal);
        }
        if (resolved != null) {
            if (resolved.addresses().isEmpty()) {
                return PolicyDecision.deny("host " + t.host() + " has no address");
            }
            for (InetAddress a : resolved.addresses()) {
                String why = addresses.refusal(a);
                if (why != null) {
                    return PolicyDecision.deny("host " + t.host() + " resolves to " + a.getHostAddress() + ", " + why
                            + "; an operator can allow its range in charter.egress.allowed-private-ranges");
                }
            }
        }
        return PolicyDecision.allow(e.policy(), "allowed by the policy of purpose '" + t.purpose() + "'");
    }

    /**
     * True when every address lies in a range the operator allowed explicitly: the one case where mail may go
     * without TLS (a relay the operator runs next to Charter).
     */
    boolean operatorAllowedAll(ResolvedAddresses resolved) {
        return !resolved.addresses().isEmpty() && resolved.addresses().stream().allMatch(addresses::operatorAllowed);
    }

    /** Null when some destination of the policy allows the target, else the most specific reason it is not. */
    private static String matchDestination(EgressPolicy policy, Target t) {
        String best = null;
        int bestDepth = -1;
        for (Destination d : policy.destinations()) {
            int depth;
            String why;
            if (!hostAllowed(d, t)) {
                depth = 0;
                why = "host " + t.host() + " is not on the allowlist of purpose '" + t.purpose() + "'";
            } else if (!schemeAllowed(d, t)) {
                depth = 1;
                why = "scheme " + t.scheme() + " is not allowed for " + t.host() + " (purpose '" + t.purpose() + "')";
            } else if (!portAllowed(d, t)) {
                depth = 2;
                why = "port " + t.port() + " is not allowed for " + t.host() + " (purpose '" + t.purpose() + "')";
            } else if (!d.methods().contains(t.method())) {
                depth = 3;
                why = "method " + t.method() + " is not allowed for " + t.host() + " (purpose '" + t.purpose()
                        + "' allows " + d.methods().stream().sorted().toList() + ")";
            } else if (d.paths().stream().noneMatch(p -> Patterns.pathMatches(p, t.path()))) {
                depth = 4;
                why = "the path is not allowed for " + t.host() + " (purpose '" + t.purpose() + "' allows " + d.paths() + ")";
            } else {
                return null;
            }
            if (depth > bestDepth) {
                bestDepth = depth;
                best = why;
            }
        }
        return best != null ? best
                : "purpose '" + t.purpose() + "' allows no destination at all";
    }

    private static boolean hostAllowed(Destination d, Target t) {
        return switch (d.host()) {
            case Destination.ANY_HOST -> true;
            case Destination.CONNECTION_HOST -> t.connectionBase() != null
                    && t.host().equals(normalizeHost(t.connectionBase().getHost()));
            default -> Patterns.hostMatches(d.host(), t.host());
        };
    }

    private static boolean schemeAllowed(Destination d, Target t) {
        if (Destination.CONNECTION_HOST.equals(d.host())) {
            return t.scheme().equals(t.connectionBase().getScheme().toLowerCase(Locale.ROOT));
        }
        return d.schemes().contains(t.scheme());
    }

    private static boolean portAllowed(Destination d, Target t) {
        if (Destination.CONNECTION_HOST.equals(d.host())) {
            return t.port() == effectivePort(t.connectionBase()) && (d.ports().isEmpty() || d.ports().contains(t.port()));
        }
        return d.ports().isEmpty() ? t.port() == Target.defaultPort(t.scheme()) : d.ports().contains(t.port());
    }

    /** Same scheme, host and port as the base, and a path at or below the base path (whole segments). */
    static boolean withinBase(Target t, URI base) {
        if (base.getScheme() == null || base.getHost() == null
                || !t.scheme().equals(base.getScheme().toLowerCase(Locale.ROOT))
                || !t.host().equals(normalizeHost(base.getHost()))
                || t.port() != effectivePort(base)) {
            return false;
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        return basePath.isEmpty() || t.path().equals(basePath) || t.path().startsWith(basePath + "/");
    }

    static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : Target.defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    private static String baseDisplay(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority() + (base.getRawPath() == null ? "" : base.getRawPath());
    }
}

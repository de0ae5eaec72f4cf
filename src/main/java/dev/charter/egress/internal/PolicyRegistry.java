package dev.charter.egress.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressPolicy.Limits;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the policies modules declare (beans of {@link EgressPolicy}) and applies the operator's overrides
 * ({@code charter.egress.policies[<purpose>].*}) to produce the {@link PolicyEngine}. Two modules declaring the same
 * purpose is a startup error.
 */
final class PolicyRegistry {

    private static final Logger log = LoggerFactory.getLogger(PolicyRegistry.class);

    private PolicyRegistry() {}

    static PolicyEngine build(List<EgressPolicy> declared, EgressSettings settings) {
        Map<String, PolicyEngine.Effective> effective = new LinkedHashMap<>();
        for (EgressPolicy p : declared) {
            EgressSettings.PolicyOverride o = settings.policies().get(p.purpose());
            PolicyEngine.Effective e = o == null ? new PolicyEngine.Effective(p, true, List.of()) : apply(p, o);
            if (effective.putIfAbsent(p.purpose(), e) != null) {
                throw new IllegalStateException("two egress policies declare purpose '" + p.purpose() + "'");
            }
        }
        for (String purpose : settings.policies().keySet()) {
            if (!effective.containsKey(purpose)) {
                log.warn("charter.egress.policies names purpose '{}', which no module declares; the override is ignored", purpose);
            }
        }
        log.info("Egress policies: {}", effective.keySet());
        return new PolicyEngine(effective, settings.denyHosts(), new AddressGuard(settings.allowedPrivateRanges()));
    }

    static PolicyEngine.Effective apply(EgressPolicy p, EgressSettings.PolicyOverride o) {
        Limits l = p.limits();
        Limits limits = new Limits(
                o.connectTimeout() != null ? o.connectTimeout() : l.connectTimeout(),
                o.timeout() != null ? o.timeout() : l.timeout(),
                o.maxRequestSize() != null ? o.maxRequestSize().toBytes() : l.maxRequestBytes(),
                o.maxResponseSize() != null ? o.maxResponseSize().toBytes() : l.maxResponseBytes(),
                o.requestsPerMinute() != null ? o.requestsPerMinute() : l.requestsPerMinute(),
                o.maxRedirects() != null ? o.maxRedirects() : l.maxRedirects());
        List<Destination> destinations = new ArrayList<>(p.destinations());
        if (o.extraDestinations() != null) {
            Set<String> methods = new HashSet<>();
            p.destinations().forEach(d -> methods.addAll(d.methods()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            for (String prefix : o.extraDestinations()) {
                destinations.add(fromPrefix(p.purpose(), prefix, methods));
            }
        }
        EgressPolicy changed = new EgressPolicy(p.purpose(), destinations, limits, o.dlp() != null ? o.dlp() : p.dlp());
        return new PolicyEngine.Effective(changed, o.enabled() == null || o.enabled(),
                o.denyHosts() == null ? List.of() : o.denyHosts());
    }

    /** {@code https://llm.internal.example:8443/v1/} → that scheme, host and port, paths under /v1. */
    static Destination fromPrefix(String purpose, String prefix, Set<String> methods) {
        URI u;
        try {
            u = URI.create(prefix.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("charter.egress.policies[" + purpose + "].extra-destinations: '" + prefix
                    + "' is not a URL");
        }
        if (u.getScheme() == null || u.getHost() == null || u.getRawQuery() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("charter.egress.policies[" + purpose + "].extra-destinations: '" + prefix
                    + "' must be scheme://host[:port][/path] without user or query");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> paths = path.isEmpty() ? List.of("/**") : List.of(path, path + "/**");
        Set<Integer> ports = u.getPort() < 0 ? Set.of() : Set.of(u.getPort());
        return new Destination(Set.of(u.getScheme()), PolicyEngine.normalizeHost(u.getHost()), ports, methods, paths);
    }
}

package dev.charter.egress;

import dev.charter.shared.OrgId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one sandboxed session may reach through its egress proxy.
 *
 * @param org       the organization the session works for
 * @param sessionId the session (letters, digits, dashes)
 * @param purpose   the egress purpose its requests go out under; that purpose's policy, the operator's settings, the
 *                  address check and DLP apply as to every other request
 * @param grants    the session's own allowlist (host, scheme, port, method, path), checked first by the same policy
 *                  engine; a request must match one entry
 * @param ttl       how long the session token is valid
 * @param rules     further rules (code host), each able to refuse a request
 */
public record ProxySessionSpec(OrgId org, String sessionId, String purpose, List<Destination> grants, Duration ttl,
                               List<ProxyRule> rules) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public ProxySessionSpec {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(purpose, "purpose");
        if (sessionId == null || !ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("a session id has 1 to 64 letters, digits or dashes");
        }
        grants = List.copyOf(grants);
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("a session token lives more than zero and at most 12 hours");
        }
    }
}

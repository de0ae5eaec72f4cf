package dev.charter.egress.internal;

import dev.charter.egress.EgressPolicy;

/**
 * The outcome of {@link PolicyEngine#decide}: allowed with the policy whose limits apply, or denied with a reason
 * an operator can act on.
 */
record PolicyDecision(boolean allowed, String reason, EgressPolicy policy) {

    static PolicyDecision allow(EgressPolicy policy, String reason) {
        return new PolicyDecision(true, reason, policy);
    }

    static PolicyDecision deny(String reason) {
        return new PolicyDecision(false, reason, null);
    }
}

package dev.charter.audit;

import dev.charter.shared.OrgId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One security-relevant fact. People (actor, subject) are kept apart from objects (target) so the
 * audit module can store them pseudonymously. Never carries a password, token, secret or message body: details
 * are short identifiers and reasons.
 *
 * @param org     the organization concerned, or null for events outside any tenant (failed sign-in)
 * @param actor   the user who acted, or null for the system or an anonymous caller
 * @param subject the user acted upon (a member whose role changed), or null
 * @param action  dotted verb, for example {@code identity.signin.succeeded}
 * @param target  the object acted on, never a person ({@code api-token:<id>}, {@code invitation:<id>}), may be null
 * @param details a few key/value pairs that explain the event
 */
public record AuditEvent(OrgId org, UUID actor, UUID subject, String action, String target, Map<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent of(OrgId org, UUID actor, String action, String target) {
        return new AuditEvent(org, actor, null, action, target, Map.of());
    }

    public AuditEvent with(String key, String value) {
        var copy = new java.util.LinkedHashMap<>(details);
        copy.put(key, value);
        return new AuditEvent(org, actor, subject, action, target, copy);
    }

    /** The same event about a person other than the actor. */
    public AuditEvent about(UUID person) {
        return new AuditEvent(org, actor, person, action, target, details);
    }
}

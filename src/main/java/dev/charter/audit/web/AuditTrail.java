package dev.charter.audit.web;

import dev.charter.audit.internal.AuditKeys;
import dev.charter.audit.internal.AuditRepository;
import dev.charter.audit.internal.ChainRow;
import dev.charter.identity.Members;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * An organization's audit trail as its admins read it: pseudonyms are mapped back to current
 * members by computing each member's pseudonym; anyone else is a former member.
 */
@Component
class AuditTrail {

    /** A person in an event: a current member (with email) or a former member (without). */
    record Person(String kind, String email, String name) {
        static final Person FORMER = new Person("former-member", null, null);
    }

    record EventView(long id, Instant occurredAt, String action, Person actor, Person subject, String target,
                     Map<String, String> details) {}

    record EventsPage(int page, int size, boolean hasNext, List<EventView> events) {}

    private final AuditRepository repo;
    private final AuditKeys keys;
    private final Members members;

    AuditTrail(AuditRepository repo, AuditKeys keys, Members members) {
        this.repo = repo;
        this.keys = keys;
        this.members = members;
    }

    EventsPage page(OrgId org, TrailQuery q) {
        Map<String, Person> people = people(org);
        List<ChainRow> rows = repo.page(org, q.filter(), (long) q.page() * TrailQuery.PAGE_SIZE,
                TrailQuery.PAGE_SIZE + 1);
        boolean hasNext = rows.size() > TrailQuery.PAGE_SIZE;
        List<EventView> events = rows.stream().limit(TrailQuery.PAGE_SIZE)
                .map(r -> new EventView(r.id(), r.occurredAt(), r.action(), person(people, r.actor()),
                        person(people, r.subject()), r.target(), r.details()))
                .toList();
        return new EventsPage(q.page(), TrailQuery.PAGE_SIZE, hasNext, events);
    }

    /**
     * The choices of the page's action filter: each first part ({@code pilots}) and first two parts
     * ({@code pilots.run}) of the organization's action names, in order.
     */
    List<String> actionPrefixes(OrgId org) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String action : repo.actions(org)) {
            String[] parts = action.split("\\.");
            out.add(parts[0]);
            if (parts.length > 2) {
                out.add(parts[0] + "." + parts[1]);
            }
        }
        return List.copyOf(out);
    }

    /** Pseudonym (hex) to email of every current member, as the export bundle lists them. */
    Map<String, String> emailsByPseudonym(OrgId org) {
        Map<String, String> out = new HashMap<>();
        for (Members.Member m : members.of(org)) {
            out.put(HexFormat.of().formatHex(keys.pseudonym(m.id().value())), m.email());
        }
        return out;
    }

    private Map<String, Person> people(OrgId org) {
        Map<String, Person> out = new HashMap<>();
        for (Members.Member m : members.of(org)) {
            out.put(HexFormat.of().formatHex(keys.pseudonym(m.id().value())),
                    new Person("member", m.email(), m.displayName() == null || m.displayName().isBlank() ? m.email() : m.displayName()));
        }
        return out;
    }

    private static Person person(Map<String, Person> people, byte[] pseudonym) {
        if (pseudonym == null) {
            return null;
        }
        return people.getOrDefault(HexFormat.of().formatHex(pseudonym), Person.FORMER);
    }
}

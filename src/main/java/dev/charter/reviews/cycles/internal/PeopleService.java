package dev.charter.reviews.cycles.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.Members;
import dev.charter.reviews.SignalSource;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People and their identities in the tools. An email identity that equals a member's email is proposed for that
 * member; nothing counts for anyone until an admin confirms a link. One identity names at most one member.
 */
@Service
public class PeopleService {

    private final JdbcClient jdbc;
    private final Members members;
    private final AuditLog audit;
    private final Clock clock;

    PeopleService(JdbcClient jdbc, Members members, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.audit = audit;
        this.clock = clock;
    }

    /** The organization's current members, by id. */
    public Map<UUID, Members.Member> members(OrgId org) {
        return members.of(org).stream().collect(Collectors.toMap(m -> m.id().value(), Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** Every identity the organization's signals name, and every confirmed link, with its match. */
    public List<IdentityView> identities(OrgId org) {
        Map<UUID, Members.Member> people = members(org);
        Map<String, Members.Member> byEmail = people.values().stream().filter(m -> m.email() != null)
                .collect(Collectors.toMap(m -> m.email().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<IdentityView> out = new ArrayList<>();
        jdbc.sql("""
                select coalesce(s.source, l.source) as source, coalesce(s.identity, l.identity) as identity,
                       coalesce(s.n, 0) as n, l.user_id
                from (select source, identity, count(*) as n from reviews_signal where org_id = ? group by source, identity) s
                full join (select source, identity, user_id from reviews_identity_link where org_id = ?) l
                       on l.source = s.source and l.identity = s.identity
                order by 1, 2""")
                .params(org.value(), org.value())
                .query((rs, i) -> {
                    SignalSource source = SignalSource.valueOf(rs.getString("source"));
                    String identity = rs.getString("identity");
                    UUID linked = rs.getObject("user_id", UUID.class);
                    Members.Member l = linked == null ? null : people.get(linked);
                    Members.Member p = linked == null && source == SignalSource.GMAIL
                            ? byEmail.get(identity.toLowerCase(Locale.ROOT)) : null;
                    return new IdentityView(source, identity, rs.getLong("n"), linked, l == null ? null : l.displayName(),
                            p == null ? null : p.id().value(), p == null ? null : p.displayName());
                }).list().forEach(out::add);
        return out;
    }

    /**
     * Links an identity to a member (admin), replacing an earlier link of the same identity; audited. An email
     * identity is compared without regard to case.
     */
    @Transactional
    public void link(CurrentUser me, String sourceName, String identity, UUID person) {
        me.requireAdmin();
        SignalSource source = source(sourceName);
        String id = identity(source, identity);
        if (person == null) {
            throw new InvalidInputException("person", "Choose the member this identity belongs to.");
        }
        if (!members(me.orgId()).containsKey(person)) {
            throw new InvalidInputException("person", "Choose a member of this organization.");
        }
        jdbc.sql("""
                insert into reviews_identity_link (org_id, source, identity, user_id, confirmed_by, confirmed_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (org_id, source, identity) do update set user_id = excluded.user_id,
                    confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at""")
                .params(me.orgId().value(), source.name(), id, person, me.userId().value(), Timestamp.from(clock.instant()))
                .update();
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.identity.linked", "user:" + person)
                .with("source", source.name()).with("identity", id));
    }

    /** Confirms every proposal (email identities equal to a member's email) at once (admin); answers how many. */
    @Transactional
    public int confirmProposals(CurrentUser me) {
        me.requireAdmin();
        int n = 0;
        for (IdentityView v : identities(me.orgId())) {
            if (v.proposed() != null) {
                link(me, v.source().name(), v.identity(), v.proposed());
                n++;
            }
        }
        return n;
    }

    /** Removes an identity's link (admin); its signals no longer count for anyone. */
    @Transactional
    public void unlink(CurrentUser me, String sourceName, String identity) {
        me.requireAdmin();
        SignalSource source = source(sourceName);
        String id = identity(source, identity);
        Optional<UUID> was = jdbc.sql("""
                delete from reviews_identity_link where org_id = ? and source = ? and identity = ? returning user_id""")
                .params(me.orgId().value(), source.name(), id).query(UUID.class).optional();
        UUID person = was.orElseThrow(() -> new NotFoundException("Identity link"));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.identity.unlinked", "user:" + person)
                .with("source", source.name()).with("identity", id));
    }

    static SignalSource source(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("source", "Name the tool: GITHUB, JIRA, SLACK or GMAIL.");
        }
        SignalSource s;
        try {
            s = SignalSource.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("source", "Name the tool: GITHUB, JIRA, SLACK or GMAIL.");
        }
        if (s == SignalSource.CALLS) {
            // a call's results go to the member who took it; there is no identity to link
            throw new InvalidInputException("source", "Name the tool: GITHUB, JIRA, SLACK or GMAIL.");
        }
        return s;
    }

    static String identity(SignalSource source, String identity) {
        String id = identity == null ? "" : identity.strip();
        if (id.isEmpty() || id.length() > 320 || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("identity", "Give the " + source.identityName() + " as the signals name it (1 to 320 characters).");
        }
        if (source == SignalSource.GMAIL) {
            if (!id.matches("[^@\\s]+@[^@\\s]+")) {
                throw new InvalidInputException("identity", "Give an email address, like ana@example.com.");
            }
            id = id.toLowerCase(Locale.ROOT);
        }
        return id;
    }
}

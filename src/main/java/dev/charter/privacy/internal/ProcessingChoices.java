package dev.charter.privacy.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.privacy.ProcessingGate;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's choices about processing (DSR-3, DSR-4): restriction, objection, analytics opt-out;
 * and the {@link ProcessingGate} every product asks before it processes that person's data.
 */
@Service
public class ProcessingChoices implements ProcessingGate {

    /** The choices as the person sees them; a flag's time is when it was last switched on. */
    public record Choices(boolean restricted, Instant restrictedAt, boolean objected, Instant objectedAt,
                          boolean analyticsOptOut, Instant analyticsOptOutAt) {
        static final Choices NONE = new Choices(false, null, false, null, false, null);
    }

    /** A change; null leaves a flag as it is. */
    public record Change(Boolean restricted, Boolean objected, Boolean analyticsOptOut) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ProcessingChoices(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean mayProcess(OrgId org, UserId person, String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose");
        }
        Choices c = choices(org, person);
        if (c.restricted() || c.objected()) {
            return false;
        }
        return !(ANALYTICS.equals(purpose) && c.analyticsOptOut());
    }

    public Choices choices(OrgId org, UserId person) {
        return jdbc.sql("""
                select restricted, restricted_at, objected, objected_at, analytics_opt_out, analytics_opt_out_at
                from privacy_processing_restriction where org_id = ? and user_id = ?""")
                .params(org.value(), person.value()).query(Choices.class).optional().orElse(Choices.NONE);
    }

    @Transactional
    public Choices change(CurrentUser me, Change change) {
        if (change == null || (change.restricted() == null && change.objected() == null && change.analyticsOptOut() == null)) {
            throw new InvalidInputException("restricted", "Send at least one of restricted, objected, analyticsOptOut (true or false).");
        }
        Choices before = choices(me.orgId(), me.userId());
        boolean restricted = Optional.ofNullable(change.restricted()).orElse(before.restricted());
        boolean objected = Optional.ofNullable(change.objected()).orElse(before.objected());
        boolean optOut = Optional.ofNullable(change.analyticsOptOut()).orElse(before.analyticsOptOut());
        Instant now = clock.instant();
        jdbc.sql("""
                insert into privacy_processing_restriction (org_id, user_id, restricted, restricted_at, objected, objected_at,
                    analytics_opt_out, analytics_opt_out_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (org_id, user_id) do update set
                    restricted = excluded.restricted, restricted_at = excluded.restricted_at,
                    objected = excluded.objected, objected_at = excluded.objected_at,
                    analytics_opt_out = excluded.analytics_opt_out, analytics_opt_out_at = excluded.analytics_opt_out_at,
                    updated_at = excluded.updated_at""")
                .params(me.orgId().value(), me.userId().value(),
                        restricted, since(restricted, before.restricted(), before.restrictedAt(), now),
                        objected, since(objected, before.objected(), before.objectedAt(), now),
                        optOut, since(optOut, before.analyticsOptOut(), before.analyticsOptOutAt(), now),
                        Timestamp.from(now))
                .update();
        audit(me, "restricted", before.restricted(), restricted);
        audit(me, "objected", before.objected(), objected);
        audit(me, "analytics-opt-out", before.analyticsOptOut(), optOut);
        return choices(me.orgId(), me.userId());
    }

    /** When a flag was switched on: kept while it stays on, now when it is switched on, null when off. */
    private static Timestamp since(boolean on, boolean wasOn, Instant was, Instant now) {
        return !on ? null : Timestamp.from(wasOn && was != null ? was : now);
    }

    private void audit(CurrentUser me, String flag, boolean before, boolean after) {
        if (before != after) {
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "privacy.processing." + flag + (after ? ".set" : ".lifted"),
                    "processing-choices"));
        }
    }
}

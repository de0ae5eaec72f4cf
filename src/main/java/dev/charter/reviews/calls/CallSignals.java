package dev.charter.reviews.calls;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The call signals of one person in a period, for review drafts: only that person's, only this organization's, only
 * calls in {@code [from, to)}. A deleted call's signals are gone with it (REV-7).
 */
@Component
public class CallSignals {

    private final JdbcClient jdbc;

    CallSignals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<CallSignal> of(OrgId org, UserId person, Instant from, Instant to) {
        return jdbc.sql("""
                select id, call_id, person_id, kind, value, occurred_at from reviews_calls_signal
                where org_id = ? and person_id = ? and occurred_at >= ? and occurred_at < ?
                order by occurred_at, kind, id""")
                .params(org.value(), person.value(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new CallSignal(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }
}

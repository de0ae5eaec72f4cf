package dev.charter.privacy.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.RetentionRule;
import dev.charter.privacy.RetentionRule.AfterFinished;
import dev.charter.privacy.RetentionRule.MaxAge;
import dev.charter.privacy.RetentionRule.NewestPerKey;
import dev.charter.privacy.RetentionRule.UntilExpiry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bounded DELETE that enforces a time-based rule: at most {@code limit} rows per statement,
 * chosen by {@code ctid} so that each batch is its own short transaction. Identifiers come from
 * declarations (validated as plain SQL identifiers), never from a request.
 */
final class RetentionSql {

    record Statement(String sql, List<Object> params) {}

    private RetentionSql() {}

    /** The statement for the class's rule, or empty when the rule is not enforced by a plain DELETE. */
    static Optional<Statement> delete(DataClass c, Instant now, int limit) {
        String t = q(c.table());
        RetentionRule rule = c.retention();
        if (rule instanceof MaxAge r) {
            return Optional.of(new Statement(batch(t, q(r.timestampColumn()) + " < ?"),
                    List.of(ts(RetentionRule.before(now, r.maxAge())), limit)));
        }
        if (rule instanceof AfterFinished r) {
            return Optional.of(new Statement(batch(t, q(r.finishedColumn()) + " is not null and " + q(r.finishedColumn()) + " < ?"),
                    List.of(ts(RetentionRule.before(now, r.keep())), limit)));
        }
        if (rule instanceof UntilExpiry r) {
            return Optional.of(new Statement(batch(t, q(r.expiresColumn()) + " <= ?"), List.of(ts(now), limit)));
        }
        if (rule instanceof NewestPerKey r) {
            String sql = "delete from " + t + " where ctid in (select ctid from (select ctid, row_number() over (partition by "
                    + q(r.keyColumn()) + " order by " + q(r.orderColumn()) + " desc) as rn from " + t
                    + ") ranked where rn > ? limit ?)";
            return Optional.of(new Statement(sql, List.of(r.keep(), limit)));
        }
        return Optional.empty();
    }

    private static String batch(String table, String condition) {
        return "delete from " + table + " where ctid in (select ctid from " + table + " where " + condition + " limit ?)";
    }

    private static String q(String identifier) {
        return '"' + identifier + '"';
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}

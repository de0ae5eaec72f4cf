package dev.charter.privacy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How long one kind of data is kept. The retention sweeper enforces the time-based rules; the
 * account and organization rules hold through {@code ON DELETE CASCADE} toward the identity tables
 * (the schema check verifies the foreign key); {@link LegalMinimum} is enforced by its owner's
 * {@link RetentionPurge}.
 */
public sealed interface RetentionRule {

    /** The rule in words, as the data-contract page shows it. */
    String describe();

    /** Kept while the person's account exists; removed in the same transaction that deletes it. */
    record WhileAccountActive() implements RetentionRule {
        public String describe() {
            return "while the account is active";
        }
    }

    /** Kept while the organization exists; removed in the same transaction that deletes it. */
    record WhileOrganizationActive() implements RetentionRule {
        public String describe() {
            return "while the organization exists";
        }
    }

    /**
     * Kept exactly as long as the row it belongs to (a run's steps live and die with the run):
     * {@code column} references {@code parentTable} on delete cascade, which the schema check verifies.
     */
    record WithParent(String parentTable, String column) implements RetentionRule {
        public WithParent {
            Objects.requireNonNull(parentTable, "parentTable");
            Objects.requireNonNull(column, "column");
        }

        public String describe() {
            return "as long as its " + parentTable.substring(parentTable.indexOf('_') + 1).replace('_', ' ');
        }
    }

    /** Removed once {@code timestampColumn} is older than {@code maxAge}. */
    record MaxAge(Period maxAge, String timestampColumn) implements RetentionRule {
        public MaxAge {
            positive(maxAge);
            Objects.requireNonNull(timestampColumn, "timestampColumn");
        }

        public String describe() {
            return words(maxAge);
        }
    }

    /** Only the newest {@code keep} rows per {@code keyColumn} (ordered by {@code orderColumn}) are kept. */
    record NewestPerKey(int keep, String keyColumn, String orderColumn, String keyLabel) implements RetentionRule {
        public NewestPerKey {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1");
            }
            Objects.requireNonNull(keyColumn, "keyColumn");
            Objects.requireNonNull(orderColumn, "orderColumn");
            Objects.requireNonNull(keyLabel, "keyLabel");
        }

        public String describe() {
            return "newest " + keep + " per " + keyLabel;
        }
    }

    /** Removed {@code keep} after {@code finishedColumn} (rows not finished yet are kept). */
    record AfterFinished(Period keep, String finishedColumn) implements RetentionRule {
        public AfterFinished {
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(finishedColumn, "finishedColumn");
        }

        public String describe() {
            return keep.isZero() ? "until finished" : words(keep) + " after finished";
        }
    }

    /** Removed when {@code expiresColumn} has passed (sessions, invitations). */
    record UntilExpiry(String expiresColumn) implements RetentionRule {
        public UntilExpiry {
            Objects.requireNonNull(expiresColumn, "expiresColumn");
        }

        public String describe() {
            return "until it expires";
        }
    }

    /**
     * Kept at least {@code minimum} (a legal or security obligation), then removed by the owning
     * module's {@link RetentionPurge}, which the sweeper invokes.
     */
    record LegalMinimum(Period minimum, String timestampColumn, String reason) implements RetentionRule {
        public LegalMinimum {
            positive(minimum);
            Objects.requireNonNull(timestampColumn, "timestampColumn");
            Objects.requireNonNull(reason, "reason");
        }

        public String describe() {
            return words(minimum) + " minimum (" + reason + ")";
        }
    }

    /**
     * Kept for as many days after {@code timestampColumn} as the owning organization chose ({@code defaultDays} until it
     * chooses, within {@code minDays} to {@code maxDays}), enforced by the owner's {@link RetentionPurge}, which reads
     * each organization's choice.
     */
    record OrganizationChoice(int defaultDays, int minDays, int maxDays, String timestampColumn) implements RetentionRule {
        public OrganizationChoice {
            if (minDays < 1 || minDays > defaultDays || defaultDays > maxDays) {
                throw new IllegalArgumentException("need 1 <= minDays <= defaultDays <= maxDays");
            }
            Objects.requireNonNull(timestampColumn, "timestampColumn");
        }

        public String describe() {
            return "as the organization chooses: " + defaultDays + " days by default, " + minDays + " to " + maxDays + " days";
        }
    }

    /** Not personal data; kept while Charter is installed (migration history, task table). */
    record Operational(String why) implements RetentionRule {
        public String describe() {
            return "while Charter is installed (" + why + ")";
        }
    }

    /** The instant {@code period} before {@code now}, counted in calendar units (UTC). */
    static Instant before(Instant now, Period period) {
        return now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    private static void positive(Period p) {
        Objects.requireNonNull(p, "period");
        if (p.isZero() || p.isNegative()) {
            throw new IllegalArgumentException("retention period must be positive: " + p);
        }
    }

    private static String words(Period p) {
        StringBuilder b = new StringBuilder();
        unit(b, p.getYears(), "year");
        unit(b, p.getMonths(), "month");
        unit(b, p.getDays(), "day");
        return b.toString();
    }

    private static void unit(StringBuilder b, int n, String unit) {
        if (n != 0) {
            b.append(b.isEmpty() ? "" : " ").append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
        }
    }
}

package dev.charter.privacy;

import java.time.Instant;

/**
 * A module's own purge for one of its data classes, for rules the sweeper must not carry out with
 * a plain DELETE (the audit log purges only through its own database function). The sweeper calls
 * it on every sweep instead of its generic SQL.
 */
public interface RetentionPurge {

    /** The {@link DataClass#name()} this purge enforces. */
    String dataClass();

    /** Removes what is past its rule at {@code now}, at most {@code limit} rows; returns how many. */
    long purge(Instant now, int limit);
}

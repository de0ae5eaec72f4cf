package dev.charter.audit;

import java.util.List;

/**
 * The verdict of recomputing the audit hash chain and checking its signed checkpoints. The
 * verifier goes on past every break, so each changed, missing or reordered row and each checkpoint
 * that no longer holds is a problem of its own.
 *
 * @param intact             true when no row was changed, removed or reordered and every checkpoint holds
 * @param firstId            id of the first row checked (0 when there were none)
 * @param lastId             id of the last row checked (0 when there were none)
 * @param rowsChecked        how many rows were recomputed
 * @param checkpointsChecked how many signed checkpoints matched the rows they sign
 * @param lastSignedId       the highest row id covered by a valid checkpoint (0 when none); rows after it are
 *                           linked but not signed yet
 * @param firstFailingRowId  the row the first problem is about, or null when intact
 * @param problems           what is wrong, in row order (at most {@value #MAX_LISTED} listed)
 * @param problemsFound      how many problems were found in all, listed or not
 * @param problemsElsewhere  of those, how many concern rows of other organizations: counted for an
 *                           organization's admin, never described (the operator's verification lists them)
 */
public record AuditVerification(boolean intact, long firstId, long lastId, long rowsChecked, int checkpointsChecked,
                                long lastSignedId, Long firstFailingRowId, List<Problem> problems,
                                int problemsFound, int problemsElsewhere) {

    /** How many problems a verdict lists; the count goes on past it. */
    public static final int MAX_LISTED = 1000;

    public AuditVerification {
        problems = List.copyOf(problems);
    }

    /** What kind of damage a problem describes. */
    public enum Kind {
        /** The row's content or hash was altered. */
        CHANGED,
        /** The row is gone (the ids of the chain have no gaps). */
        MISSING,
        /** The row does not follow the row before it: moved, swapped, inserted, or the row before was rewritten. */
        OUT_OF_ORDER,
        /** A signed checkpoint does not match the row it signs: the chain up to it was rewritten. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint's signature is invalid. */
        BAD_SIGNATURE,
        /** A checkpoint was signed by a key the verifier does not trust. */
        UNKNOWN_KEY,
        /** A checkpoint signs rows beyond the end of the log: the newest rows were removed. */
        TRUNCATED
    }

    /** @param rowId the audit row the problem is about */
    public record Problem(long rowId, Kind kind, String message) {}

    /** How many problems were found but not listed, because of the cap or because they concern other organizations. */
    public int problemsNotListed() {
        return problemsFound - problems.size();
    }
}

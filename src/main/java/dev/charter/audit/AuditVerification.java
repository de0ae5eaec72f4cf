package dev.charter.audit;

import java.util.List;

/**
 * The verdict of recomputing the audit hash chain and checking its signed checkpoints.
 *
 * @param intact             true when no row was changed, removed or reordered and every checkpoint holds
 * @param firstId            id of the first row checked (0 when there were none)
 * @param lastId             id of the last row checked (0 when there were none)
 * @param rowsChecked        how many rows were recomputed
 * @param checkpointsChecked how many signed checkpoints matched the rows they sign
 * @param lastSignedId       the highest row id covered by a valid checkpoint (0 when none); rows after it are
 *                           linked but not signed yet
 * @param firstFailingRowId  the row the first problem is about, or null when intact
 * @param problems           what is wrong, first problem first (at most 50)
 */
public record AuditVerification(boolean intact, long firstId, long lastId, long rowsChecked, int checkpointsChecked,
                                long lastSignedId, Long firstFailingRowId, List<Problem> problems) {

    public AuditVerification {
        problems = List.copyOf(problems);
    }

    /** What kind of damage a problem describes. */
    public enum Kind {
        /** The row's content or hash was altered. */
        CHANGED,
        /** The row is gone (the ids of the chain have no gaps). */
        MISSING,
        /** The row does not follow the row before it: moved, swapped or inserted. */
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

    /** The same verdict without the list of problems, for callers who may see only the verdict. */
    public AuditVerification summary() {
        return new AuditVerification(intact, firstId, lastId, rowsChecked, checkpointsChecked, lastSignedId,
                firstFailingRowId, problems.isEmpty() ? List.of() : List.of(problems.get(0)));
    }
}

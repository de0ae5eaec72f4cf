package dev.charter.audit.internal;

import dev.charter.audit.AuditVerification;
import dev.charter.audit.AuditVerification.Kind;
import dev.charter.audit.AuditVerification.Problem;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the hash chain row by row (in id order, as they come) and checks the signed
 * checkpoints against it. Keeps only the previous row in memory, so it can walk a chain of any
 * length. Used by the server, by the checkpoint signer and by the offline bundle verifier.
 * Problems are reported where they are: a changed row is named, a removed row is named by its id
 * (ids have no gaps), a moved row by the place it no longer fits.
 */
public final class ChainVerifier {

    /** Where the chain is known to begin: the genesis (0, zeros) or the last purged row. */
    public record Anchor(long id, byte[] hash) {
        public static final Anchor GENESIS = new Anchor(0, new byte[32]);
    }

    static final int MAX_PROBLEMS = 50;

    private final Anchor anchor;
    private final TreeMap<Long, List<Checkpoint>> pending = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private long first;
    private long last;
    private byte[] lastHash;
    private long rows;
    private int checkpointsOk;
    private long lastSignedId;

    /**
     * @param trusted     public keys by key id; a checkpoint signed by any other key is a problem
     * @param checkpoints the checkpoints that sign rows of this walk (others are ignored)
     * @param anchor      the known start, or null to accept whatever the first row links to (an export)
     */
    public ChainVerifier(Map<String, PublicKey> trusted, List<Checkpoint> checkpoints, Anchor anchor) {
        this.anchor = anchor;
        for (Checkpoint cp : checkpoints) {
            PublicKey key = trusted.get(cp.keyId());
            if (key == null) {
                problem(cp.lastId(), Kind.UNKNOWN_KEY, "The checkpoint for row " + cp.lastId() + " signed at " + cp.signedAt()
                        + " was signed by key " + cp.keyId() + ", which this verifier does not trust.");
            } else if (!cp.verifies(key)) {
                problem(cp.lastId(), Kind.BAD_SIGNATURE, "The checkpoint for row " + cp.lastId() + " signed at "
                        + cp.signedAt() + " has an invalid signature: it was forged or altered.");
            } else {
                pending.computeIfAbsent(cp.lastId(), k -> new ArrayList<>()).add(cp);
            }
        }
    }

    public void accept(ChainLink row) {
        long id = row.id();
        if (rows == 0) {
            first = id;
            pending.headMap(id, false).clear();
            if (anchor != null) {
                link(row, anchor.id(), anchor.hash(), "the start of the log");
            }
        } else {
            link(row, last, lastHash, "row " + last);
        }
        if (!row.hashMatches()) {
            problem(id, Kind.CHANGED, "Row " + id + " was changed: its content no longer gives its stored hash.");
        }
        List<Checkpoint> signed = pending.remove(id);
        if (signed != null) {
            for (Checkpoint cp : signed) {
                if (MessageDigest.isEqual(cp.lastHash(), row.hash())) {
                    checkpointsOk++;
                    lastSignedId = Math.max(lastSignedId, id);
                } else {
                    problem(id, Kind.CHECKPOINT_MISMATCH, "Row " + id + " does not match the checkpoint signed at "
                            + cp.signedAt() + ": the chain up to row " + id + " was rewritten after it was signed.");
                }
            }
        }
        rows++;
        last = Math.max(last, id);
        lastHash = row.hash();
    }

    private void link(ChainLink row, long previousId, byte[] previousHash, String previous) {
        long id = row.id();
        if (id <= previousId) {
            problem(id, Kind.OUT_OF_ORDER, "Row " + id + " appears after " + previous + ": rows were reordered.");
        } else if (id > previousId + 1) {
            long from = previousId + 1;
            long to = id - 1;
            problem(from, Kind.MISSING, (from == to ? "Row " + from + " is" : "Rows " + from + " to " + to + " are")
                    + " missing: removed from the log.");
            pending.headMap(id, false).clear();
        } else if (!MessageDigest.isEqual(row.prevHash(), previousHash)) {
            problem(id, Kind.OUT_OF_ORDER, "Row " + id + " does not follow " + previous
                    + ": rows were reordered, replaced or inserted here.");
        }
    }

    public AuditVerification finish() {
        for (var e : pending.entrySet()) {
            for (Checkpoint cp : e.getValue()) {
                problem(e.getKey(), Kind.TRUNCATED, "The checkpoint signed at " + cp.signedAt() + " covers rows up to "
                        + e.getKey() + " but the log ends at row " + last + ": the newest rows were removed.");
            }
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparingLong(Problem::rowId));
        Long failing = sorted.isEmpty() ? null : sorted.get(0).rowId();
        return new AuditVerification(sorted.isEmpty(), rows == 0 ? 0 : first, last, rows, checkpointsOk, lastSignedId,
                failing, sorted);
    }

    private void problem(long rowId, Kind kind, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(rowId, kind, message));
        }
    }
}

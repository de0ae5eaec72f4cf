package dev.charter.audit.internal;

import dev.charter.audit.AuditVerification;
import dev.charter.audit.AuditVerification.Kind;
import dev.charter.audit.AuditVerification.Problem;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Recomputes the hash chain row by row (in id order, as they come) and checks the signed
 * checkpoints against it. Keeps only the previous row in memory, so it can walk a chain of any
 * length. Used by the server, by the checkpoint signer and by the offline bundle verifier.
 * Problems are reported where they are, and the walk goes on past each one, so every damaged place
 * is named: a changed row by its id, a removed row by its id (ids have no gaps), a moved row by the
 * place it no longer fits, a checkpoint by the row it signs. Each problem remembers the organization
 * of the row it is about (as the row says now), so an organization's admin can be shown the
 * problems on their own rows and only a count of the others.
 */
public final class ChainVerifier {

    /** Where the chain is known to begin: the genesis (0, zeros) or the last purged row. */
    public record Anchor(long id, byte[] hash) {
        public static final Anchor GENESIS = new Anchor(0, new byte[32]);
    }

    /** A problem and the organization of the row it is about (null: no row to ask, such as a removed one). */
    private record Found(Problem problem, UUID org) {}

    private final Anchor anchor;
    private final TreeMap<Long, List<Checkpoint>> pending = new TreeMap<>();
    private final List<Found> problems = new ArrayList<>();
    private int found;
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
                problem(cp.lastId(), null, Kind.UNKNOWN_KEY, "The checkpoint for row " + cp.lastId() + " signed at " + cp.signedAt()
                        + " was signed by key " + cp.keyId() + ", which this verifier does not trust.");
            } else if (!cp.verifies(key)) {
                problem(cp.lastId(), null, Kind.BAD_SIGNATURE, "The checkpoint for row " + cp.lastId() + " signed at "
                        + cp.signedAt() + " has an invalid signature: it was forged or altered.");
            } else {
                pending.computeIfAbsent(cp.lastId(), k -> new ArrayList<>()).add(cp);
            }
        }
    }

    /** The next row of the walk, when the organization it belongs to is not known (an export's foreign link). */
    public void accept(ChainLink row) {
        accept(row, null);
    }

    /** The next row of the walk and the organization its {@code org_id} names. */
    public void accept(ChainLink row, UUID org) {
        long id = row.id();
        if (rows == 0) {
            first = id;
            pending.headMap(id, false).clear();
            if (anchor != null) {
                link(row, org, anchor.id(), anchor.hash(), false);
            }
        } else {
            link(row, org, last, lastHash, true);
        }
        if (!row.hashMatches()) {
            problem(id, org, Kind.CHANGED, "Row " + id + " was changed: its content no longer gives its stored hash.");
        }
        List<Checkpoint> signed = pending.remove(id);
        if (signed != null) {
            for (Checkpoint cp : signed) {
                if (MessageDigest.isEqual(cp.lastHash(), row.hash())) {
                    checkpointsOk++;
                    lastSignedId = Math.max(lastSignedId, id);
                } else {
                    problem(id, org, Kind.CHECKPOINT_MISMATCH, "Row " + id + " does not match the checkpoint signed at "
                            + cp.signedAt() + ": the chain up to row " + id + " was rewritten after it was signed.");
                }
            }
        }
        rows++;
        last = Math.max(last, id);
        lastHash = row.hash();
    }

    private void link(ChainLink row, UUID org, long previousId, byte[] previousHash, boolean afterRow) {
        long id = row.id();
        String previous = afterRow ? "row " + previousId : "the start of the log";
        if (id <= previousId) {
            problem(id, org, Kind.OUT_OF_ORDER, "Row " + id + " appears after " + previous + ": rows were reordered.");
        } else if (id > previousId + 1) {
            long from = previousId + 1;
            long to = id - 1;
            problem(from, null, Kind.MISSING, (from == to ? "Row " + from + " is" : "Rows " + from + " to " + to + " are")
                    + " missing: removed from the log.");
            pending.headMap(id, false).clear();
        } else if (!MessageDigest.isEqual(row.prevHash(), previousHash)) {
            problem(id, org, Kind.OUT_OF_ORDER, "Row " + id + " does not follow " + previous + ": "
                    + (afterRow ? previous + " was rewritten together with its hash, or " : "")
                    + "rows were reordered, replaced or inserted here.");
        }
    }

    /** The verdict with every problem listed (up to the cap): for the server's operator and the offline verifier. */
    public AuditVerification finish() {
        return verdict(null);
    }

    /**
     * The verdict for one organization's admin: problems on the organization's own rows and those no
     * organization owns (removed rows, checkpoints) are listed; problems on other organizations' rows
     * are only counted.
     */
    public AuditVerification finishFor(UUID viewer) {
        return verdict(Objects.requireNonNull(viewer));
    }

    private AuditVerification verdict(UUID viewer) {
        for (var e : pending.entrySet()) {
            for (Checkpoint cp : e.getValue()) {
                problem(e.getKey(), null, Kind.TRUNCATED, "The checkpoint signed at " + cp.signedAt() + " covers rows up to "
                        + e.getKey() + " but the log ends at row " + last + ": the newest rows were removed.");
            }
        }
        pending.clear();
        List<Found> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingLong(f -> f.problem().rowId()));
        List<Problem> listed = new ArrayList<>();
        int elsewhere = 0;
        for (Found f : sorted) {
            if (viewer != null && f.org() != null && !viewer.equals(f.org())) {
                elsewhere++;
            } else {
                listed.add(f.problem());
            }
        }
        Long failing = sorted.isEmpty() ? null : sorted.get(0).problem().rowId();
        return new AuditVerification(found == 0, rows == 0 ? 0 : first, last, rows, checkpointsOk, lastSignedId,
                failing, listed, found, elsewhere);
    }

    private void problem(long rowId, UUID org, Kind kind, String message) {
        found++;
        if (problems.size() < AuditVerification.MAX_LISTED) {
            problems.add(new Found(new Problem(rowId, kind, message), org));
        }
    }
}

package dev.charter.egress.internal.dlp;

/**
 * One secret found in outbound text. Holds where it is and what kind it is, never the secret itself.
 *
 * @param kind       short stable name used in aliases and audit records ({@code github}, {@code aws-key-id})
 * @param label      what it is, for people ("GitHub token")
 * @param start      index of the first character
 * @param end        index after the last character
 * @param priority   specific detectors win over generic ones when findings overlap (higher wins)
 * @param credential the id of the stored credential it equals, for exact matches; null for pattern matches
 */
public record Finding(String kind, String label, int start, int end, int priority, String credential) {

    public int length() {
        return end - start;
    }

    boolean overlaps(Finding o) {
        return start < o.end && o.start < end;
    }
}

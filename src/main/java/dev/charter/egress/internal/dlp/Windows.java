package dev.charter.egress.internal.dlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Where in a text a detector needs to look: around each occurrence of its literal anchors, merged where windows
 * overlap. Finding anchors is a plain substring search, far cheaper than running a regular expression over the
 * whole text, and most outbound text holds few or none.
 */
final class Windows {

    private Windows() {}

    /**
     * @param lower  the text in lower case
     * @param before how far before an anchor a match may start
     * @param after  how far after an anchor a match may end
     * @return windows as {start, end} pairs, in order, not overlapping
     */
    /** Where the anchors occur, in order (an occurrence of two anchors at once counts once). */
    static int[] positions(String hay, List<String> anchors) {
        int[] found = new int[8];
        int n = 0;
        for (String anchor : anchors) {
            int at = hay.indexOf(anchor);
            while (at >= 0) {
                if (n == found.length) {
                    found = java.util.Arrays.copyOf(found, n * 2);
                }
                found[n++] = at;
                at = hay.indexOf(anchor, at + 1);
            }
        }
        int[] sorted = java.util.Arrays.copyOf(found, n);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    static List<int[]> around(String lower, List<String> anchors, int before, int after) {
        List<int[]> raw = new ArrayList<>();
        for (String anchor : anchors) {
            int at = lower.indexOf(anchor);
            while (at >= 0) {
                raw.add(new int[] {Math.max(0, at - before), (int) Math.min(lower.length(), (long) at + after)});
                at = lower.indexOf(anchor, at + 1);
            }
        }
        if (raw.size() > 1) {
            raw.sort((a, b) -> Integer.compare(a[0], b[0]));
        }
        List<int[]> merged = new ArrayList<>(raw.size());
        for (int[] w : raw) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && w[0] <= last[1]) {
                last[1] = Math.max(last[1], w[1]);
            } else {
                merged.add(w);
            }
        }
        return merged;
    }
}

package dev.charter.egress.internal.dlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every detector's anchors occur in one text, found in a single pass: a table of the anchors' first two
 * characters says where an anchor may start, and only there is the anchor compared. With a hundred anchors this is
 * far cheaper than searching the text once per anchor.
 */
final class AnchorIndex {

    /** The anchors of all detectors, compiled into the lookup table. */
    static final class Anchors {
        private final String[][] byPair = new String[1 << 16][];
        private final List<String> all;

        Anchors(Collection<String> anchors) {
            Set<String> unique = new LinkedHashSet<>(anchors);
            this.all = List.copyOf(unique);
            Map<Integer, List<String>> pairs = new HashMap<>();
            for (String a : unique) {
                if (a.length() < 2 || a.charAt(0) > 0xff || a.charAt(1) > 0xff) {
                    throw new IllegalArgumentException("an anchor has at least two Latin-1 characters: " + a);
                }
                pairs.computeIfAbsent(a.charAt(0) << 8 | a.charAt(1), k -> new ArrayList<>()).add(a);
            }
            pairs.forEach((k, v) -> byPair[k] = v.toArray(String[]::new));
        }

        AnchorIndex index(String hay) {
            Map<String, int[]> found = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            int n = hay.length() - 1;
            for (int i = 0; i < n; i++) {
                char c0 = hay.charAt(i);
                char c1 = hay.charAt(i + 1);
                if (c0 > 0xff || c1 > 0xff) {
                    continue;
                }
                String[] candidates = byPair[c0 << 8 | c1];
                if (candidates == null) {
                    continue;
                }
                for (String a : candidates) {
                    if (hay.startsWith(a, i)) {
                        int count = counts.getOrDefault(a, 0);
                        int[] at = found.get(a);
                        if (at == null || at.length == count) {
                            at = at == null ? new int[4] : Arrays.copyOf(at, count * 2);
                            found.put(a, at);
                        }
                        at[count] = i;
                        counts.put(a, count + 1);
                    }
                }
            }
            Map<String, int[]> exact = new HashMap<>();
            found.forEach((a, at) -> exact.put(a, Arrays.copyOf(at, counts.get(a))));
            return new AnchorIndex(exact);
        }

        List<String> all() {
            return all;
        }
    }

    private final Map<String, int[]> positions;

    private AnchorIndex(Map<String, int[]> positions) {
        this.positions = positions;
    }

    /** Where any of {@code anchors} occurs, in order. */
    int[] positions(List<String> anchors) {
        if (anchors.size() == 1) {
            return positions.getOrDefault(anchors.get(0), new int[0]);
        }
        int total = 0;
        for (String a : anchors) {
            int[] at = positions.get(a);
            total += at == null ? 0 : at.length;
        }
        int[] all = new int[total];
        int k = 0;
        for (String a : anchors) {
            int[] at = positions.get(a);
            if (at != null) {
                System.arraycopy(at, 0, all, k, at.length);
                k += at.length;
            }
        }
        Arrays.sort(all);
        return all;
    }
}

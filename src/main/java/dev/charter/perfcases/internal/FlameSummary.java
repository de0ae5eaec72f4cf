package dev.charter.perfcases.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Charter keeps of a profile (PRF-4): stack frames and sample counts only, as the top frames with their self
 * count (samples where the frame is the leaf) and total count (samples where it is anywhere on the stack). A frame
 * is a class and method name; no thread name, label, argument or payload reaches this type.
 *
 * @param samples the number of stack samples read
 * @param frames  the top frames, by total count then self count
 */
public record FlameSummary(long samples, List<Frame> frames) {

    /** Frames kept per summary. */
    public static final int TOP = 50;

    public record Frame(String name, long self, long total) {}

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", samples);
        out.put("frames", frames.stream().map(f -> Map.of("frame", f.name(), "self", f.self(), "total", f.total())).toList());
        return out;
    }

    /** Adds stacks (leaf first) with their sample counts, and keeps the top frames. */
    static final class Builder {
        private final Map<String, long[]> counts = new HashMap<>();
        private long samples;

        void add(List<String> leafFirst, long count) {
            if (leafFirst.isEmpty() || count <= 0) {
                return;
            }
            samples += count;
            counts.computeIfAbsent(leafFirst.get(0), k -> new long[2])[0] += count;
            Set<String> seen = new HashSet<>();
            for (String frame : leafFirst) {
                if (seen.add(frame)) { // a recursive frame counts once per sample in its total
                    counts.computeIfAbsent(frame, k -> new long[2])[1] += count;
                }
            }
        }

        FlameSummary build() {
            List<Frame> frames = new ArrayList<>();
            counts.forEach((name, c) -> frames.add(new Frame(name, c[0], c[1])));
            frames.sort(Comparator.comparingLong(Frame::total).reversed().thenComparing(Comparator.comparingLong(Frame::self).reversed())
                    .thenComparing(Frame::name));
            return new FlameSummary(samples, List.copyOf(frames.subList(0, Math.min(TOP, frames.size()))));
        }
    }
}

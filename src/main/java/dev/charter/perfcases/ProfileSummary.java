package dev.charter.perfcases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flame summary of one version's profile for a case (PRF-4): what was sampled, the total sampled value and the
 * top frames with their self and total values. A frame is a function name; nothing else of a profile is in it.
 *
 * @param connectionId the Pyroscope connection it was read through, null for an uploaded file
 * @param profileType  what was sampled ({@code process_cpu:cpu:nanoseconds:cpu:nanoseconds}, {@code jdk.ExecutionSample})
 * @param unit         the unit of the values ({@code nanoseconds}, {@code samples})
 * @param total        the sum of the values of all samples read
 * @param windowStart  the window a Pyroscope read merged, null for a file
 */
public record ProfileSummary(UUID id, UUID connectionId, ProfileSource source, String version, String profileType,
                             String unit, long total, List<Frame> frames, Instant windowStart, Instant windowEnd,
                             Instant readAt) {

    /** A frame's self value (samples where it is the leaf) and total value (samples where it is on the stack). */
    public record Frame(String name, long self, long total) {}

    /** One frame's share of each version's samples, and how much it grew. */
    public record FrameShift(String name, double baselineTotalShare, double candidateTotalShare, double baselineSelfShare,
                             double candidateSelfShare) {
        /** Growth of the total share, in percentage points. */
        public double totalGrowth() {
            return (candidateTotalShare - baselineTotalShare) * 100;
        }
    }

    /** The total as a person reads it: CPU time in seconds, or a count of samples. */
    public String totalText() {
        return unit.equals("nanoseconds") ? String.format(java.util.Locale.ROOT, "%.2f s of CPU", total / 1e9)
                : total + " " + unit;
    }

    public double share(long value) {
        return total == 0 ? 0 : (double) value / total;
    }

    /**
     * The frames of either summary by how much their share of the samples grew from {@code baseline} to
     * {@code candidate} (a frame missing from a summary's top frames counts as a share of 0 there), most first.
     */
    public static List<FrameShift> compare(ProfileSummary baseline, ProfileSummary candidate) {
        Map<String, double[]> shares = new LinkedHashMap<>();
        for (Frame f : baseline.frames()) {
            double[] s = shares.computeIfAbsent(f.name(), k -> new double[4]);
            s[0] = baseline.share(f.total());
            s[2] = baseline.share(f.self());
        }
        for (Frame f : candidate.frames()) {
            double[] s = shares.computeIfAbsent(f.name(), k -> new double[4]);
            s[1] = candidate.share(f.total());
            s[3] = candidate.share(f.self());
        }
        List<FrameShift> out = new ArrayList<>();
        shares.forEach((name, s) -> out.add(new FrameShift(name, s[0], s[1], s[2], s[3])));
        out.sort(Comparator.comparingDouble(FrameShift::totalGrowth).reversed().thenComparing(FrameShift::name));
        return out;
    }
}

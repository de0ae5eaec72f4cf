package dev.charter.perfcases.internal;

import dev.charter.perfcases.SpanAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Turns spans into aggregates per version, span name and approved attribute values; the spans go with it. */
final class SpanStats {

    /** More groups than this in one read are cut, largest counts first. */
    static final int MAX_GROUPS = 500;

    private SpanStats() {}

    record Key(String service, String version, String name, Map<String, String> attributes) {}

    static List<SpanAggregate> aggregate(UUID connection, List<TraceSpan> spans, Instant start, Instant end) {
        Map<Key, List<TraceSpan>> groups = new LinkedHashMap<>();
        for (TraceSpan s : spans) {
            groups.computeIfAbsent(new Key(s.service(), s.version(), s.name(), new TreeMap<>(s.approved())),
                    k -> new ArrayList<>()).add(s);
        }
        List<SpanAggregate> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            long[] durations = g.getValue().stream().mapToLong(TraceSpan::durationNanos).sorted().toArray();
            long errors = g.getValue().stream().filter(TraceSpan::error).count();
            Key k = g.getKey();
            out.add(new SpanAggregate(connection, k.service(), k.version(), k.name(), k.attributes(), durations.length,
                    errors, quantile(durations, 0.5), quantile(durations, 0.95), quantile(durations, 0.99), start, end));
        }
        return cut(out);
    }

    static List<SpanAggregate> cut(List<SpanAggregate> all) {
        List<SpanAggregate> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparing(SpanAggregate::version).thenComparing(SpanAggregate::spanName)
                .thenComparing(a -> a.attributes().toString()));
        if (sorted.size() <= MAX_GROUPS) {
            return sorted;
        }
        List<SpanAggregate> biggest = new ArrayList<>(sorted);
        biggest.sort(java.util.Comparator.comparingLong(SpanAggregate::count).reversed());
        return List.copyOf(biggest.subList(0, MAX_GROUPS));
    }

    /** The nearest-rank quantile in seconds, or null without spans. */
    static Double quantile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)] / 1e9;
    }

    /**
     * The span name of the group whose p95 grew the most from {@code baseline} to {@code candidate}, with both p95s;
     * null when no span name is in both.
     */
    static Object[] mostSlowed(List<SpanAggregate> aggregates, String baseline, String candidate) {
        Map<String, Double> before = new LinkedHashMap<>();
        Map<String, Double> after = new LinkedHashMap<>();
        for (SpanAggregate a : aggregates) {
            if (a.p95() == null) {
                continue;
            }
            if (a.version().equals(baseline)) {
                before.merge(a.spanName(), a.p95(), Math::max);
            } else if (a.version().equals(candidate)) {
                after.merge(a.spanName(), a.p95(), Math::max);
            }
        }
        Object[] best = null;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (var e : after.entrySet()) {
            Double b = before.get(e.getKey());
            if (b == null || b <= 0) {
                continue;
            }
            double ratio = e.getValue() / b;
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = new Object[] {e.getKey(), b, e.getValue()};
            }
        }
        return best;
    }
}

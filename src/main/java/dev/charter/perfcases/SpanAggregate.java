package dev.charter.perfcases;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The aggregate of the spans of one service version and span name in a window (PRF-1, PRF-2), grouped further by the
 * values of the attribute keys approved for the case. No span, trace id or other attribute is in it.
 *
 * @param attributes approved attribute key → value (empty while no key is approved)
 * @param p50        duration percentiles in seconds, null when the source gave none
 */
public record SpanAggregate(UUID connectionId, String service, String version, String spanName,
                            Map<String, String> attributes, long count, long errors, Double p50, Double p95, Double p99,
                            Instant windowStart, Instant windowEnd) {

    public double errorRate() {
        return count == 0 ? 0 : (double) errors / count;
    }
}

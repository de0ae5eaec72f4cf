package dev.charter.perfcases;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A performance case: a service whose newer version is worse than the one before on one metric.
 *
 * @param origin   DETECTED by a detection pass, or MANUAL (opened by a person)
 * @param evidence the statistics and both versions' aggregated series (never a raw sample), as JSON-ready maps
 */
public record PerfCase(UUID id, UUID connectionId, String service, Metric metric, String baselineVersion,
                       String candidateVersion, String origin, String status, String title, Map<String, Object> evidence,
                       Instant openedAt, Instant closedAt) {}

package dev.charter.perfcases.internal;

import java.util.Map;

/**
 * What Charter keeps of one span while it aggregates a read, and only that (PRF-2): the service and version, the
 * span name, the duration, whether its status is an error, and the values of the attribute keys approved for the
 * case. Built only by the allowlist parsers of the trace clients; it never outlives the read that made it and is
 * never stored, logged or given to a model.
 */
record TraceSpan(String service, String version, String name, long durationNanos, boolean error,
                 Map<String, String> approved) {}

package dev.charter.perfcases.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The only TraceQL Charter sends to Tempo (PRF-2): metrics queries over the spans of one service in two versions,
 * grouped by the version, the span name and the attribute keys approved for the case, and nothing else. A metrics
 * query answers numbers per group; no span, trace or other attribute can be asked for through it.
 */
final class TraceQlQueries {

    static final String VERSION = "resource.service.version";
    static final String NAME = "name";

    /** The three queries of one read: span counts, error counts and duration percentiles. */
    record Read(String counts, String errors, String durations, List<String> groupBy) {}

    private TraceQlQueries() {}

    static Read read(String service, String baseline, String candidate, Set<String> approvedKeys) {
        List<String> by = groupBy(approvedKeys);
        String versions = "(" + VERSION + " = " + quote(baseline) + " || " + VERSION + " = " + quote(candidate) + ")";
        String spans = "resource.service.name = " + quote(service) + " && " + versions;
        String groups = " by (" + String.join(", ", by) + ")";
        return new Read("{ " + spans + " } | count_over_time()" + groups,
                "{ " + spans + " && status = error } | count_over_time()" + groups,
                "{ " + spans + " } | quantile_over_time(duration, .5, .95, .99)" + groups, by);
    }

    /** The labels a series of the answer may carry: the groups asked for (and {@code p} for a quantile). */
    static List<String> groupBy(Set<String> approvedKeys) {
        List<String> by = new ArrayList<>(List.of(VERSION, NAME));
        for (String key : new TreeSet<>(approvedKeys)) {
            by.add(attribute(key));
        }
        return by;
    }

    /** The TraceQL name of an approved span attribute key; keys are checked by their scope's pattern first. */
    static String attribute(String key) {
        if (!dev.charter.perfcases.AccessScope.TRACE_ATTRIBUTE.validSubject(key)) {
            throw new IllegalArgumentException("not an attribute key");
        }
        return "span." + key;
    }

    static String quote(String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a TraceQL value with a control character");
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package dev.charter.perfcases;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An aggregate read from a log source for a case (PRF-3): groups of allowed column or label values, each with
 * numbers (a count, percentiles, bucket counts). Only the log readers make one, from an aggregate answer, and the
 * repository reads them back (an ArchUnit rule checks it).
 */
public record LogAggregate(UUID id, UUID caseId, UUID sourceId, String language, String query, List<Group> groups,
                           Instant readAt) {

    public LogAggregate {
        groups = List.copyOf(groups);
    }

    /**
     * One group: the values of the granted group-by columns or labels, and the numbers computed over it. Made only by
     * the log readers from an aggregate answer and by the repository reading one back (an ArchUnit rule checks it).
     */
    public record Group(Map<String, String> by, Map<String, Double> values) {
        public Group {
            by = Map.copyOf(by);
            values = Map.copyOf(values);
        }
    }
}

package dev.charter.perfcases;

import java.util.List;

/**
 * What a log source lets Charter read.
 *
 * @param views   for SQL: the customer's views, each with the columns a query may group by and the numeric columns it
 *                may take percentiles and distributions of; no column is ever selected as it is
 * @param groupBy for LOKI: the labels the outermost aggregation may group by ({@code sum by (service_name)})
 */
public record LogGrant(List<View> views, List<String> groupBy) {

    /** A granted view ({@code schema.view}). */
    public record View(String name, List<String> groupBy, List<String> measures) {
        public View {
            groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
            measures = measures == null ? List.of() : List.copyOf(measures);
        }
    }

    public LogGrant {
        views = views == null ? List.of() : List.copyOf(views);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }
}

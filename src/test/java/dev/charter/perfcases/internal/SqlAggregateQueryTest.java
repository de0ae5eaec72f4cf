package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.perfcases.LogGrant;
import dev.charter.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PRF-3: the SQL builder emits aggregates grouped by granted columns, and has no way to select a column as it is. */
class SqlAggregateQueryTest {

    static final LogGrant.View VIEW = new LogGrant.View("logs.requests", List.of("service", "version", "status"),
            List.of("duration_ms"));
    static final Map<String, String> CATALOG = new LinkedHashMap<>(Map.of("service", "text", "version", "text",
            "status", "integer", "duration_ms", "double precision", "message", "text"));

    @Test
    @Tag("claim:PRF-3")
    void countsPercentilesAndDistributionsGroupedByGrantedColumns() {
        assertThat(SqlAggregateQuery.build(VIEW, CATALOG, List.of("service", "version"), "COUNT", null, null).sql())
                .isEqualTo("select \"service\", \"version\", count(*) as \"count\" from \"logs\".\"requests\" group by "
                        + "\"service\", \"version\" order by \"service\", \"version\" limit 1000");
        assertThat(SqlAggregateQuery.build(VIEW, CATALOG, List.of("version"), "percentiles", "duration_ms", null).sql())
                .contains("percentile_cont(0.95) within group (order by \"duration_ms\") as \"p95\"")
                .contains("group by \"version\"");
        SqlAggregateQuery d = SqlAggregateQuery.build(VIEW, CATALOG, List.of(), "DISTRIBUTION", "duration_ms",
                List.of(100.0, 250.0, 1000.5));
        assertThat(d.sql()).startsWith("select width_bucket(\"duration_ms\"::double precision, array[100, 250, 1000.5]"
                + "::double precision[]) as \"bucket\", count(*)");
        assertThat(d.bucketLabel(0)).isEqualTo("< 100");
        assertThat(d.bucketLabel(2)).isEqualTo("[250, 1000.5)");
        assertThat(d.bucketLabel(3)).isEqualTo(">= 1000.5");
    }

    @Test
    @Tag("claim:PRF-3")
    void aRawColumnIsRefusedHoweverItIsAskedFor() {
        // grouping by the raw line would return every line as a group
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, CATALOG, List.of("message"), "COUNT", null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("group");
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, CATALOG, List.of(), "PERCENTILES", "message", null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, CATALOG, List.of("service\" , message, \"x"), "COUNT", null, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, CATALOG, List.of(), "RAW", null, null))
                .isInstanceOf(InvalidInputException.class);
        // granted, but the source's catalog does not list it for Charter's role: refused too
        Map<String, String> narrower = new LinkedHashMap<>(CATALOG);
        narrower.remove("status");
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, narrower, List.of("status"), "COUNT", null, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SqlAggregateQuery.viewName("logs.requests; drop table x"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SqlAggregateQuery.build(VIEW, CATALOG, List.of(), "DISTRIBUTION", "duration_ms",
                List.of(5.0, 1.0))).isInstanceOf(InvalidInputException.class);
    }
}

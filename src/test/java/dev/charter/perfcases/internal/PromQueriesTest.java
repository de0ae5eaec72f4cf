package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.perfcases.Metric;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.VersionSource;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The only PromQL Charter builds is aggregations grouped by service and version (PRF-1). */
class PromQueriesTest {

    @Test
    @Tag("claim:PRF-1")
    void everyQueryIsAnAggregationByServiceAndVersion() {
        PromQueries q = new PromQueries(MetricGrant.defaults(), Duration.ofSeconds(30));
        for (Metric m : Metric.values()) {
            String text = q.of(m).text();
            assertThat(text).as(m.name()).matches("^(histogram_quantile\\(0\\.95, sum by|sum by|\\(sum by).*");
            assertThat(text).contains("job, service_version").contains("[30s]");
            // no bare selector: every metric name is inside rate()
            assertThat(text.replaceAll("rate\\([a-z_:]+\\{[^}]*\\}\\[30s\\]\\)", "R")).doesNotContain("http_server", "process_cpu");
        }
    }

    @Test
    @Tag("claim:PRF-8")
    void theVersionCanBeJoinedFromTargetInfo() {
        MetricGrant g = new MetricGrant("job", "service_version", VersionSource.TARGET_INFO,
                "http_server_request_duration_seconds", "http_response_status_code", null);
        PromQueries q = new PromQueries(g, Duration.ofSeconds(15));
        assertThat(q.of(Metric.THROUGHPUT).text()).isEqualTo("sum by (job, service_version) (rate("
                + "http_server_request_duration_seconds_count{}[15s]) * on (job, instance) group_left (service_version) target_info)");
        assertThat(q.of(Metric.CPU)).as("no CPU metric in the grant, no CPU query").isNull();
    }

    @Test
    @Tag("claim:PRF-1")
    void aSeriesSelectorIsOnlyAMetricName() {
        assertThat(PromQueries.selector("up")).isEqualTo("up");
        assertThatThrownBy(() -> PromQueries.selector("{__name__=~\".+\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.charter.perfcases.internal;

import dev.charter.perfcases.Metric;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.VersionSource;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Builds the only PromQL Charter sends (PRF-1): per service and version, the rate of requests, the 95th percentile
 * and mean of their duration, the share of 5xx answers and CPU seconds per request, each a {@code sum by} over
 * {@code rate()} of the grant's metrics. Names come from the grant (checked against Prometheus's name syntax when it
 * was made), so nothing from outside can change the shape of a query.
 */
final class PromQueries {

    /** Proof that an {@link Aggregate} was made here. */
    static final class Token {
        private Token() {}
    }

    private static final Token TOKEN = new Token();
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");

    private final MetricGrant grant;
    private final String window;
    private final String by;

    PromQueries(MetricGrant grant, Duration window) {
        this.grant = grant;
        this.window = window.toSeconds() + "s";
        this.by = grant.serviceLabel() + ", " + grant.versionLabel();
    }

    /** Every metric this grant can be compared on. */
    Aggregate of(Metric m) {
        String count = grant.latencyMetric() + "_count";
        return switch (m) {
            case THROUGHPUT -> Aggregate.of(TOKEN, m, sum(rate(count, "")));
            case LATENCY_P95 -> Aggregate.of(TOKEN, m, "histogram_quantile(0.95, sum by (le, " + by + ") ("
                    + rate(grant.latencyMetric() + "_bucket", "") + "))");
            case LATENCY_MEAN -> Aggregate.of(TOKEN, m, sum(rate(grant.latencyMetric() + "_sum", "")) + " / "
                    + sum(rate(count, "")));
            case ERROR_RATE -> Aggregate.of(TOKEN, m, "(" + sum(rate(count, grant.statusLabel() + "=~\"5..\"")) + " or "
                    + sum(rate(count, "")) + " * 0) / " + sum(rate(count, "")));
            case CPU -> grant.cpuMetric() == null ? null
                    : Aggregate.of(TOKEN, m, sum(rate(grant.cpuMetric(), "")) + " / " + sum(rate(count, "")));
        };
    }

    /** A series selector for {@code /api/v1/series}: one metric name of the grant, nothing else. */
    static String selector(String metricName) {
        if (metricName == null || !METRIC_NAME.matcher(metricName).matches()) {
            throw new IllegalArgumentException("a series selector is a metric name");
        }
        return metricName;
    }

    private String sum(String inner) {
        return "sum by (" + by + ") (" + inner + ")";
    }

    /** {@code rate(name{matcher}[w])}, joined with {@code target_info} for the version when the grant says so. */
    private String rate(String name, String matcher) {
        String r = "rate(" + name + "{" + matcher + "}[" + window + "])";
        if (grant.versionSource() == VersionSource.TARGET_INFO) {
            return r + " * on (job, instance) group_left (" + grant.versionLabel() + ") target_info";
        }
        return r;
    }
}

package dev.charter.perfcases.internal;

import dev.charter.perfcases.Metric;

/**
 * A PromQL expression that can only be an aggregation: built by {@link PromQueries} alone (the constructor is not
 * reachable from elsewhere), always {@code sum by}, {@code histogram_quantile} or a ratio of sums over rates,
 * grouped by the grant's service and version labels. No raw sample can be asked for with it.
 */
final class Aggregate {

    private final Metric metric;
    private final String text;

    private Aggregate(Metric metric, String text) {
        this.metric = metric;
        this.text = text;
    }

    static Aggregate of(PromQueries.Token token, Metric metric, String text) {
        java.util.Objects.requireNonNull(token, "only PromQueries builds aggregates");
        return new Aggregate(metric, text);
    }

    Metric metric() {
        return metric;
    }

    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}

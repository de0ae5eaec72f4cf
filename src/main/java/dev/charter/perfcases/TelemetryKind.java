package dev.charter.perfcases;

/** The kinds of telemetry source a connection can grant. */
public enum TelemetryKind {
    /** A Prometheus-compatible HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series}, {@code labels}). */
    PROMETHEUS("Prometheus", false),
    /** Grafana Tempo: TraceQL metrics queries ({@code /api/metrics/query_range}) only. */
    TEMPO("Tempo", true),
    /** Jaeger's v3 query API ({@code /api/v3/services}, {@code operations}, {@code traces}; OTLP JSON answers). */
    JAEGER("Jaeger", true),
    /** A Pyroscope-compatible profile store: merged pprof profiles ({@code querier.v1.QuerierService/SelectMergeProfile}). */
    PYROSCOPE("Pyroscope", false);

    private final String title;
    private final boolean traces;

    TelemetryKind(String title, boolean traces) {
        this.title = title;
        this.traces = traces;
    }

    public String title() {
        return title;
    }

    /** A trace source: read per case into span aggregates, not by the metric detection pass. */
    public boolean traces() {
        return traces;
    }

    /** A profile source: read per case into flame summaries, not by the metric detection pass. */
    public boolean profiles() {
        return this == PYROSCOPE;
    }

    /** A metric source: the only kind a detection pass reads and a case is opened on. */
    public boolean metrics() {
        return this == PROMETHEUS;
    }
}

package dev.charter.perfcases;

/** The kinds of telemetry source a connection can grant. */
public enum TelemetryKind {
    /** A Prometheus-compatible HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series}, {@code labels}). */
    PROMETHEUS("Prometheus", false),
    /** Grafana Tempo: TraceQL metrics queries ({@code /api/metrics/query_range}) only. */
    TEMPO("Tempo", true),
    /** Jaeger's v3 query API ({@code /api/v3/services}, {@code operations}, {@code traces}; OTLP JSON answers). */
    JAEGER("Jaeger", true);

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
}

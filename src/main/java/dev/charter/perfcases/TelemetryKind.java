package dev.charter.perfcases;

/** The kinds of telemetry source a connection can grant. */
public enum TelemetryKind {
    /** A Prometheus-compatible HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series}, {@code labels}). */
    PROMETHEUS("Prometheus");

    private final String title;

    TelemetryKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}

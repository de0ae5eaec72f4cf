package dev.charter.perfcases;

/** The kinds of log source a connection can grant; both are read through aggregate queries only (PRF-3). */
public enum LogSourceKind {
    /** A PostgreSQL database: Charter's role may SELECT the customer's own views and nothing else. */
    SQL,
    /** Grafana Loki: LogQL metric queries ({@code count_over_time}, {@code quantile_over_time}, {@code rate}) only. */
    LOKI
}

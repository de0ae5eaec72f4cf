package dev.charter.perfcases;

/** Where the version of a series comes from. */
public enum VersionSource {
    /** A label on the metric itself (for example {@code service_version}). */
    LABEL,
    /** A label of {@code target_info}, joined on {@code job} and {@code instance} (OpenTelemetry's resource attributes). */
    TARGET_INFO
}

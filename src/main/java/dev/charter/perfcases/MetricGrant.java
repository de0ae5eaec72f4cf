package dev.charter.perfcases;

/**
 * What a Prometheus connection lets Charter read, and how: nothing but aggregations of these metrics, grouped by
 * the service and version labels.
 *
 * @param serviceLabel  the label that names a service ({@code job}, {@code service_name})
 * @param versionLabel  the label that names its version ({@code service_version})
 * @param versionSource whether the version label is on the metric or joined from {@code target_info}
 * @param latencyMetric the base name of a request-duration histogram in seconds ({@code _bucket}, {@code _sum} and
 *                      {@code _count} are read)
 * @param statusLabel   the label of the histogram that carries the HTTP status code (5xx counts as an error)
 * @param cpuMetric     a CPU-seconds counter ({@code process_cpu_seconds_total}), or null to skip CPU
 */
public record MetricGrant(String serviceLabel, String versionLabel, VersionSource versionSource, String latencyMetric,
                          String statusLabel, String cpuMetric) {

    /** OpenTelemetry's names as the Prometheus exporter writes them. */
    public static MetricGrant defaults() {
        return new MetricGrant("job", "service_version", VersionSource.LABEL, "http_server_request_duration_seconds",
                "http_response_status_code", "process_cpu_seconds_total");
    }
}

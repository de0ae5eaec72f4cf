package dev.charter.perfcases;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP service in the test JVM that exposes Prometheus metrics ({@code /metrics}, text format) for several
 * services and versions, as OpenTelemetry's exporter names them: a request-duration histogram with
 * {@code service_name}, {@code service_version} and {@code http_response_status_code} labels, and a CPU-seconds
 * counter. Each scrape adds the requests served since the last one (about {@code rate} per second), with
 * log-normal latencies around {@code median × scale} and one error in a hundred requests.
 */
final class SimulatedService implements AutoCloseable {

    static final double[] BUCKETS = buckets();

    /** One version of one service; it starts serving {@code delayMillis} after the service starts. */
    static final class Version {
        final String service;
        final String version;
        final double scale;
        final long startAt;
        final long[][] buckets = new long[2][BUCKETS.length];
        final double[] sum = new double[2];
        final long[] count = new long[2];
        double cpu;
        long last;

        Version(String service, String version, double scale, long startAt) {
            this.service = service;
            this.version = version;
            this.scale = scale;
            this.startAt = startAt;
            this.last = startAt;
        }
    }

    private final HttpServer server;
    private final List<Version> versions = new CopyOnWriteArrayList<>();
    private final Random random = new Random(42);
    private final double median;
    private final double rate;
    private final long started = System.currentTimeMillis();

    SimulatedService(double median, double rate) throws IOException {
        this.median = median;
        this.rate = rate;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    SimulatedService add(String service, String version, double scale, long delayMillis) {
        versions.add(new Version(service, version, scale, started + delayMillis));
        return this;
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized String scrape() {
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        out.append("# TYPE http_server_request_duration_seconds histogram\n");
        StringBuilder cpu = new StringBuilder("# TYPE process_cpu_seconds_total counter\n");
        for (Version v : versions) {
            if (now < v.startAt) {
                continue;
            }
            double seconds = (now - v.last) / 1000.0;
            v.last = now;
            int n = (int) Math.round(rate * seconds * (0.9 + 0.2 * random.nextDouble()));
            for (int i = 0; i < n; i++) {
                double latency = median * v.scale * Math.exp(0.25 * random.nextGaussian());
                int status = random.nextDouble() < 0.01 ? 1 : 0;
                for (int b = 0; b < BUCKETS.length; b++) {
                    if (latency <= BUCKETS[b]) {
                        v.buckets[status][b]++;
                    }
                }
                v.sum[status] += latency;
                v.count[status]++;
                v.cpu += 0.002 * v.scale;
            }
            for (int status = 0; status < 2; status++) {
                String labels = "service_name=\"" + v.service + "\",service_version=\"" + v.version
                        + "\",http_response_status_code=\"" + (status == 0 ? "200" : "500") + "\"";
                for (int b = 0; b < BUCKETS.length; b++) {
                    out.append("http_server_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                            .append(BUCKETS[b]).append("\"} ").append(v.buckets[status][b]).append('\n');
                }
                out.append("http_server_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                        .append(v.count[status]).append('\n');
                out.append("http_server_request_duration_seconds_sum{").append(labels).append("} ").append(v.sum[status]).append('\n');
                out.append("http_server_request_duration_seconds_count{").append(labels).append("} ").append(v.count[status]).append('\n');
            }
            cpu.append("process_cpu_seconds_total{service_name=\"").append(v.service).append("\",service_version=\"")
                    .append(v.version).append("\"} ").append(v.cpu).append('\n');
        }
        return out.append(cpu).toString();
    }

    private static double[] buckets() {
        double[] b = new double[60];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(0.005 * (i + 1) * 1000) / 1000.0;
        }
        return b;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

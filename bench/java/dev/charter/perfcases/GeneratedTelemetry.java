package dev.charter.perfcases;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Telemetry with a known ground truth, as OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}:
 * many services, each running version 1.0 for the first half of the window and 1.1 for the second, as OpenTelemetry's
 * Prometheus exporter names them (a request-duration histogram with the default buckets, by status code, and a
 * CPU-seconds counter). Some 1.1 versions are slower by a known factor on every request (and their CPU per request
 * grows alike); the others differ only by noise. The noise: Poisson request counts, log-normal latencies around each
 * service's own median and spread, a share of 5xx answers, and a slow drift of each service's latency over time that
 * both versions share (load changes), an AR(1) walk of its log.
 */
final class GeneratedTelemetry {

    /** One service, its latency and traffic, and the regression its 1.1 carries (0 for none). */
    record Service(String name, double median, double sigma, double rate, double errorRate, double regression) {}

    static final double[] SIZES = {0.01, 0.02, 0.05, 0.10, 0.20, 0.50};
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
    /** AR(1) drift of log latency per scrape: x = PHI·x + N(0, DRIFT). */
    static final double PHI = 0.8;
    static final double DRIFT = 0.02;

    final long seed;
    final List<Service> services = new ArrayList<>();

    /** Half the services without a regression, the other half spread evenly over {@link #SIZES}. */
    GeneratedTelemetry(int count, long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            double regression = i % 2 == 0 ? 0 : SIZES[(i / 2) % SIZES.length];
            double median = Math.exp(Math.log(0.02) + r.nextDouble() * (Math.log(0.4) - Math.log(0.02)));
            double rate = Math.exp(Math.log(2) + r.nextDouble() * (Math.log(100) - Math.log(2)));
            services.add(new Service("svc-%03d".formatted(i), median, 0.3 + 0.3 * r.nextDouble(), rate,
                    0.001 + 0.02 * r.nextDouble(), regression));
        }
    }

    /**
     * Writes every series from {@code end - window} to {@code end}, one sample per {@code scrapeSeconds}; 1.1 takes over
     * at the middle of the window.
     */
    void write(Path file, long end, long window, long scrapeSeconds) throws IOException {
        long start = end - window;
        int steps = (int) (window / scrapeSeconds) + 1;
        int half = steps / 2;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] cpu = new double[services.size()][steps];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# TYPE http_server_request_duration_seconds histogram\n");
            StringBuilder line = new StringBuilder(256);
            for (int s = 0; s < services.size(); s++) {
                Service svc = services.get(s);
                long[][][] buckets = new long[steps][2][BUCKETS.length + 1];
                double[][] sums = new double[steps][2];
                double drift = 0;
                long[][] running = new long[2][BUCKETS.length + 1];
                double[] runningSum = new double[2];
                double runningCpu = 0;
                for (int t = 0; t < steps; t++) {
                    if (t == half) { // a new version: its counters start from zero
                        running = new long[2][BUCKETS.length + 1];
                        runningSum = new double[2];
                        runningCpu = 0;
                    }
                    drift = PHI * drift + DRIFT * r.nextGaussian();
                    double scale = (t >= half ? 1 + svc.regression() : 1) * Math.exp(drift);
                    if (t > 0 && t != half) {
                        double mean = svc.rate() * scrapeSeconds;
                        long n = Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
                        for (long k = 0; k < n; k++) {
                            double latency = svc.median() * scale * Math.exp(svc.sigma() * r.nextGaussian());
                            int status = r.nextDouble() < svc.errorRate() ? 1 : 0;
                            int b = 0;
                            while (b < BUCKETS.length && latency > BUCKETS[b]) {
                                b++;
                            }
                            running[status][b]++;
                            runningSum[status] += latency;
                            runningCpu += latency * 0.2 * (0.9 + 0.2 * r.nextDouble());
                        }
                    }
                    for (int status = 0; status < 2; status++) {
                        System.arraycopy(running[status], 0, buckets[t][status], 0, running[status].length);
                        sums[t][status] = runningSum[status];
                    }
                    cpu[s][t] = runningCpu;
                }
                for (int v = 0; v < 2; v++) {
                    int from = v == 0 ? 0 : half;
                    int to = v == 0 ? half : steps;
                    for (int status = 0; status < 2; status++) {
                        String labels = "service_name=\"" + svc.name() + "\",service_version=\"" + (v == 0 ? "1.0" : "1.1")
                                + "\",http_response_status_code=\"" + (status == 0 ? "200" : "500") + "\"";
                        for (int t = from; t < to; t++) {
                            String ts = " " + (start + t * scrapeSeconds) + "\n";
                            long cumulative = 0;
                            for (int b = 0; b <= BUCKETS.length; b++) {
                                cumulative += buckets[t][status][b];
                                line.setLength(0);
                                line.append("http_server_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                                        .append(b == BUCKETS.length ? "+Inf" : Double.toString(BUCKETS[b])).append("\"} ")
                                        .append(cumulative).append(ts);
                                out.append(line);
                            }
                            out.append("http_server_request_duration_seconds_count{").append(labels).append("} ")
                                    .append(Long.toString(cumulative)).append(ts);
                            out.append("http_server_request_duration_seconds_sum{").append(labels).append("} ")
                                    .append(String.format(Locale.ROOT, "%.6f", sums[t][status])).append(ts);
                        }
                    }
                }
            }
            out.write("# TYPE process_cpu_seconds counter\n");
            for (int s = 0; s < services.size(); s++) {
                for (int v = 0; v < 2; v++) {
                    int from = v == 0 ? 0 : half;
                    int to = v == 0 ? half : steps;
                    String labels = "service_name=\"" + services.get(s).name() + "\",service_version=\"" + (v == 0 ? "1.0" : "1.1") + "\"";
                    for (int t = from; t < to; t++) {
                        out.append("process_cpu_seconds_total{").append(labels).append("} ")
                                .append(String.format(Locale.ROOT, "%.6f", cpu[s][t])).append(" ")
                                .append(Long.toString(start + t * scrapeSeconds)).append("\n");
                    }
                }
            }
            out.write("# EOF\n");
        }
    }
}

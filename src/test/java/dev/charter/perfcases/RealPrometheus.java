package dev.charter.perfcases;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A real Prometheus (the machine's {@code prometheus} binary) for tests: on 127.0.0.1 at a free port, with a
 * temporary data directory, scraping the given loopback targets every second, logging every query it runs (its
 * query log) and, optionally, requiring basic auth. {@link #close} stops it and deletes its data.
 */
final class RealPrometheus implements AutoCloseable {

    static final String BINARY = System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final int port;
    private final String authorization;

    private RealPrometheus(Process process, Path dir, int port, String authorization) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.authorization = authorization;
    }

    static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * @param targets  {@code host:port} of services exposing {@code /metrics}
     * @param user     basic-auth user, or null for none
     * @param password its password
     */
    static RealPrometheus start(List<String> targets, String user, String password) throws IOException, InterruptedException {
        return start(targets, user, password, null);
    }

    /**
     * As {@link #start(List, String, String)}, on a data directory that already holds TSDB blocks (from
     * {@code promtool tsdb create-blocks-from openmetrics}), which this Prometheus then owns and deletes.
     */
    static RealPrometheus start(List<String> targets, String user, String password, Path blocks)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("prometheus-test");
        if (blocks != null) {
            Files.move(blocks, dir.resolve("data"));
        }
        int port = freePort();
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                  query_log_file: %s
                """.formatted(dir.resolve("queries.log")) + (targets.isEmpty() ? "" : """
                scrape_configs:
                  - job_name: testsvc
                    static_configs:
                      - targets: [%s]
                """.formatted(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        Files.writeString(dir.resolve("prometheus.yml"), config);
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        String authorization = null;
        if (user != null) {
            String hash = new BCryptPasswordEncoder(4).encode(password);
            Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  " + user + ": '" + hash + "'\n");
            cmd.add("--web.config.file=" + dir.resolve("web.yml"));
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.out").toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(p, dir, port, authorization);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy)); // also when the test JVM is stopped early
        prometheus.awaitReady();
        return prometheus;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Every query Prometheus ran, as its query log recorded it (JSON lines). */
    List<String> queryLog() throws IOException {
        Path log = dir.resolve("queries.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        org.awaitility.Awaitility.await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("prometheus stopped: " + Files.readString(dir.resolve("prometheus.out")));
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready")).timeout(Duration.ofSeconds(2));
                    if (authorization != null) {
                        b.header("Authorization", authorization);
                    }
                    try {
                        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false; // not listening yet
                    }
                });
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.bench.BenchmarksFile;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Widget message to crew answer (bench/crews.sh): visitors post to a crew's widget as the widget does (Charter's own
 * Origin, the embedding site, the conversation token after the first message) and the crew answers with the local
 * fallback, from the knowledge base; a post returns once the answer is stored, when the event stream sends it. Each
 * visitor comes from its own loopback address, as visitors come from their own, so the per-visitor limit (12 a minute)
 * applies to each as in production. Latency counts from the moment a message was due, so a queue in front of the
 * server is measured too. Writes the "Crews: widget latency" section of BENCHMARKS.md.
 */
@CharterTest
@Tag("bench")
class CrewsWidgetLatencyBenchmark {

    static final String SITE = "http://shop.bench.example";
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    @LocalServerPort int port;

    /** One load: how many visitors, the rate they send at in all, for how long. */
    record Load(String name, int visitors, double perSecond, int seconds) {}

    record Result(Load load, int sent, int answered, int refused, double p50, double p99, double max) {}

    @Test
    void measure() throws Exception {
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(t, "Shop help", List.of(SITE));
        Http.Response doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping", "format",
                "markdown", "content", CrewsKnowledgeTest.SHIPPING));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        String key = t.api().get("/api/v1/crews/" + crew).json().get("widgetKey").asString();
        int seconds = Integer.getInteger("bench.seconds", 20);
        List<Load> loads = List.of(
                new Load("50 visitors, each a message every 6 s", 50, 50 / 6.0, seconds),
                new Load("200 visitors, each a message every 6 s", 200, 200 / 6.0, seconds),
                new Load("50 messages a second (1,500 visitors)", 1500, 50, seconds),
                new Load("200 messages a second (1,500 visitors)", 1500, 200, seconds));
        run(key, new Load("warm-up", 100, 20, 5), 0);
        List<Result> results = new ArrayList<>();
        int offset = 100;
        for (Load l : loads) {
            results.add(run(key, l, offset));
            offset += l.visitors();
        }

        StringBuilder s = new StringBuilder("## Crews: widget latency\n\n");
        s.append("""
                Widget message to crew answer with the local fallback, measured by `CrewsWidgetLatencyBenchmark`: visitors
                post to a crew's widget as the widget does (its Origin, the embedding site, the conversation token after
                the first message), each from its own loopback address so the per-visitor limit applies to each; the crew
                answers from a knowledge base of the shipping and returns page, and a post returns when the answer is
                stored and sent on the event stream. Latency counts from when a message was due (open loop), so queueing
                in front of the server counts too.

                | load | sent | answered | refused | p50 ms | p99 ms | max ms |
                |---|---|---|---|---|---|---|
                """);
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %.1f | %.1f |%n", r.load().name(), r.sent(),
                    r.answered(), r.refused(), r.p50(), r.p99(), r.max()));
        }
        Result at200 = results.get(3);
        s.append(String.format(Locale.ROOT, """

                Against the target (p99 under 50 ms at 200 messages a second with the local fallback): p99 %.1f ms, %s.
                Each answer runs retrieval (BM25 over the organization's postings), the sentiment and category
                classifiers and the lead profiler, and stores the message, the answer and the profiling results in their
                own transactions; the load generator shares the two cores with the server and its database.
                Not measured here: the same with a model that answers after 300 ms, and the server's memory with 10,000
                passages and 100,000 messages.
                """, at200.p99(), at200.p99() < 50 ? "met" : "not met"));
        s.append("\nCommand: `bench/crews.sh` (or `./mvnw -q test -Pbench -Dtest=CrewsWidgetLatencyBenchmark`; "
                + "`-Dbench.seconds` sets each load's length).\n");
        s.append("Machine: ").append(BenchmarksFile.machine())
                .append("; the embedded PostgreSQL and the load generator on the same machine, which other builds shared.\n");
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "crews-widget.md"), s.toString());
        BenchmarksFile.writeSection("## Crews: widget latency", s.toString());
        System.out.println(s);
    }

    /** Sends {@code load}: message i is due at i / rate, from visitor i mod visitors (addresses after {@code offset}). */
    private Result run(String key, Load load, int offset) throws Exception {
        int total = (int) Math.round(load.perSecond() * load.seconds());
        String[] tokens = new String[load.visitors()];
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime() + 200_000_000L;
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / load.perSecond());
            int visitor = i % load.visitors();
            sent.add(pool.submit(() -> {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the load's schedule, not a wait for the server
                }
                String[] answer = post(address(offset + visitor), key, tokens[visitor]);
                double ms = (System.nanoTime() - due) / 1e6;
                if (answer[0].equals("201")) {
                    latencies.add(ms);
                    Matcher m = TOKEN.matcher(answer[1]);
                    if (tokens[visitor] == null && m.find()) {
                        tokens[visitor] = m.group(1);
                    }
                } else {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        List<Double> sorted = new ArrayList<>(latencies);
        sorted.sort(Double::compare);
        double p50 = sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.floor(0.50 * (sorted.size() - 1)));
        double p99 = sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(0.99 * (sorted.size() - 1)));
        double max = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
        return new Result(load, total, sorted.size(), refused.get(), p50, p99, max);
    }

    /** 127.0.x.y for the n-th visitor (from 127.0.1.1 on). */
    private static InetAddress address(int n) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + n / 250), (byte) (1 + n % 250)});
    }

    /** One widget post over HTTP/1.1 from {@code from}; the status and the body. */
    private String[] post(InetAddress from, String key, String token) throws IOException {
        byte[] body = ("{\"text\":\"Do you ship to Norway?\",\"site\":\"" + SITE + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(60_000);
            String head = "POST /api/v1/crews/widget/" + key + "/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Origin: http://127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n" + (token == null ? "" : "X-Charter-Conversation: " + token + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String answer = all.toString(StandardCharsets.UTF_8);
            String status = answer.length() > 12 ? answer.substring(9, 12) : "000";
            int split = answer.indexOf("\r\n\r\n");
            return new String[] {status, split < 0 ? "" : answer.substring(split + 4)};
        }
    }
}

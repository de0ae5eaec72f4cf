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

    @LocalServerPort int port;

    @Test
    void measure() throws Exception {
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crew(t, "Shop help", List.of(WidgetLoad.SITE));
        Http.Response doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping", "format",
                "markdown", "content", CrewsKnowledgeTest.SHIPPING));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        String key = t.api().get("/api/v1/crews/" + crew).json().get("widgetKey").asString();
        int seconds = Integer.getInteger("bench.seconds", 20);
        List<WidgetLoad.Load> loads = List.of(
                new WidgetLoad.Load("50 visitors, each a message every 6 s", 50, 50 / 6.0, seconds),
                new WidgetLoad.Load("200 visitors, each a message every 6 s", 200, 200 / 6.0, seconds),
                new WidgetLoad.Load("50 messages a second (1,500 visitors)", 1500, 50, seconds),
                new WidgetLoad.Load("200 messages a second (1,500 visitors)", 1500, 200, seconds));
        WidgetLoad widget = new WidgetLoad(port, key, "Do you ship to Norway?");
        widget.run(new WidgetLoad.Load("warm-up", 100, 20, 5), 0);
        List<WidgetLoad.Result> results = new ArrayList<>();
        int offset = 100;
        for (WidgetLoad.Load l : loads) {
            results.add(widget.run(l, offset));
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

                """).append(WidgetLoad.TABLE_HEAD);
        for (WidgetLoad.Result r : results) {
            s.append(r.row());
        }
        WidgetLoad.Result at200 = results.get(3);
        s.append(String.format(Locale.ROOT, """

                Against the target (p99 under 50 ms at 200 messages a second with the local fallback): p99 %.1f ms, %s.
                Each answer runs retrieval (BM25 over the organization's postings), the sentiment and category
                classifiers and the lead profiler, and stores the message, the answer and the profiling results in their
                own transactions; the load generator shares the two cores with the server and its database.
                The same with a model that answers after 300 ms, and the server's memory with 10,000 passages and
                100,000 messages, are in "Crews: with a model, and memory" (`CrewsModelAndMemoryBenchmark`).
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
}

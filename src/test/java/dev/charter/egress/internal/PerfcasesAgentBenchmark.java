package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.ProxySession;
import dev.charter.egress.ProxySessionSpec;
import dev.charter.perfcases.agent.Sandbox;
import dev.charter.perfcases.agent.SandboxResult;
import dev.charter.perfcases.agent.SandboxSettings;
import dev.charter.perfcases.agent.SandboxSpec;
import dev.charter.perfcases.agent.Sandboxes;
import dev.charter.shared.OrgId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/perfcases-agent.sh: sandbox start to first command and teardown; the session proxy's overhead per request
 * against the same request sent directly over loopback. Runs only with -Pbench; writes target/bench/perfcases-agent.md.
 */
@Tag("bench")
class PerfcasesAgentBenchmark {

    static final int SANDBOXES = Integer.getInteger("bench.sandboxes", 40);
    static final int REQUESTS = Integer.getInteger("bench.requests", 3000);
    static final int WARMUP = 500;

    @TempDir
    Path tmp;

    @Test
    void measure() throws Exception {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        StringBuilder out = new StringBuilder();
        Sandboxes sandboxes = new Sandboxes(new SandboxSettings(Path.of("/usr/bin/bwrap"), tmp.resolve("s"), 200000, 10000));
        List<Double> start = new ArrayList<>();
        List<Double> teardown = new ArrayList<>();
        for (int i = 0; i < SANDBOXES + 5; i++) {
            long t0 = System.nanoTime();
            Sandbox s = sandboxes.prepare(SandboxSpec.of("bench-" + i, "/bin/true"));
            SandboxResult r = s.run();
            long t1 = System.nanoTime();
            s.close();
            long t2 = System.nanoTime();
            assertThat(r.succeeded()).isTrue();
            if (i >= 5) {
                start.add((t1 - t0) / 1e6);
                teardown.add((t2 - t1) / 1e6);
            }
        }
        out.append("| sandbox: make, start, run `/bin/true` to its end (").append(SANDBOXES).append(" runs) | ")
                .append(fmt(start)).append(" |\n");
        out.append("| sandbox: teardown (kill check, delete folder) | ").append(fmt(teardown)).append(" |\n");

        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
        upstream.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        upstream.start();
        int port = upstream.getAddress().getPort();
        TestGateway parts = new TestGateway().policy(EgressPolicy.forPurpose("bench.agent-session")
                .allow(Destination.https("127.0.0.1").withSchemes("http").withPorts(port).withPaths("/**"))
                .requestsPerMinute(1_000_000).build());
        try (UnixSocketProxy proxy = new UnixSocketProxy(parts.build(), new EgressAudit(e -> { }),
                new OutboundDlp(dev.charter.egress.internal.dlp.DlpScanner.withSecretPatterns(),
                        new dev.charter.egress.internal.dlp.Aliases(parts.aliasKey)),
                parts.credentials, new ServerCredentials(List.of()), parts.clock, tmp.resolve("e"))) {
            ProxySession s = proxy.open(new ProxySessionSpec(new OrgId(UUID.randomUUID()), "bench", "bench.agent-session",
                    List.of(Destination.https("127.0.0.1").withSchemes("http").withPorts(port).withPaths("/repos/**")),
                    Duration.ofHours(1), List.of()));
            String viaProxy = "GET http://127.0.0.1:" + port + "/repos/acme/shop/commits HTTP/1.1\r\nProxy-Authorization: Bearer "
                    + s.token().value() + "\r\nConnection: close\r\n\r\n";
            String direct = "GET /repos/acme/shop/commits HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            List<Double> d = new ArrayList<>();
            List<Double> p = new ArrayList<>();
            for (int i = 0; i < WARMUP + REQUESTS; i++) {
                long t0 = System.nanoTime();
                String a = directly(port, direct);
                long t1 = System.nanoTime();
                String b = proxied(s.socket(), viaProxy);
                long t2 = System.nanoTime();
                assertThat(a).endsWith("ok");
                assertThat(b).endsWith("ok");
                if (i >= WARMUP) {
                    d.add((t1 - t0) / 1e6);
                    p.add((t2 - t1) / 1e6);
                }
            }
            List<Double> overhead = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                overhead.add(p.get(i) - d.get(i));
            }
            out.append("| request direct over loopback (new connection each, ").append(REQUESTS).append(") | ").append(fmt(d)).append(" |\n");
            out.append("| the same through the session proxy (token, grants, gateway policy, DLP, audit) | ").append(fmt(p)).append(" |\n");
            out.append("| proxy overhead per request (paired difference) | ").append(fmt(overhead)).append(" |\n");
        } finally {
            upstream.stop(0);
        }
        Path report = Path.of("target", "bench", "perfcases-agent.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "| measure | p50 ms | p99 ms |\n|---|---|---|\n" + out);
        System.out.println(Files.readString(report));
    }

    static String directly(int port, String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream o = s.getOutputStream();
            o.write(raw.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String proxied(Path socket, String raw) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(c).write(raw.getBytes(StandardCharsets.US_ASCII));
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String fmt(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format(Locale.ROOT, "%.2f | %.2f", v.get((int) (v.size() * 0.50)), v.get(Math.min(v.size() - 1, (int) (v.size() * 0.99))));
    }
}

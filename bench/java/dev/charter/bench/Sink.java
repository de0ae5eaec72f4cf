package dev.charter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local HTTP sink of the Pilots benchmark ({@code bench/pilots.sh}): the target of the end-to-end Pilot's HTTP
 * step. JDK only, so the script compiles it with {@code javac} and runs it with {@code java}, without a build.
 *
 * <p>Binds to 127.0.0.1 on the port given as the first argument. Every POST (any path) is answered 200 with a tiny
 * JSON body and counted, together with whether it carried an {@code Idempotency-Key} header and how many distinct
 * keys arrived (a retried step sends its key again). {@code GET /count} answers the counts as JSON; any other GET
 * is answered 200 (the connection's verify-before-save probe). On exit (SIGTERM) the counts are printed and, when a
 * second argument names a file, written to it.
 *
 * <pre>java -cp DIR dev.charter.bench.Sink PORT [COUNTS_FILE]</pre>
 */
public final class Sink {

    private static final byte[] RECEIVED = "{\"received\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

    private final LongAdder posts = new LongAdder();
    private final LongAdder withoutKey = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final Set<String> keys = ConcurrentHashMap.newKeySet(1 << 16);

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java dev.charter.bench.Sink PORT [COUNTS_FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path countsFile = args.length > 1 ? Path.of(args[1]) : null;
        Sink sink = new Sink();
        // without it, the headers and the body go out in two small writes and Nagle's algorithm holds the
        // second until the client's delayed ACK: 40 ms per keep-alive request
        System.setProperty("sun.net.httpserver.nodelay", "true");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        server.setExecutor(pool);
        server.createContext("/", sink::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
            String counts = sink.counts();
            System.out.println("sink: " + counts);
            if (countsFile != null) {
                try {
                    Files.writeString(countsFile, counts + "\n");
                } catch (IOException e) {
                    System.err.println("sink: could not write " + countsFile + ": " + e.getMessage());
                }
            }
        }, "sink-exit"));
        System.out.println("sink: listening on 127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            long read = drain(exchange.getRequestBody());
            byte[] body;
            int status = 200;
            if ("POST".equals(method)) {
                posts.increment();
                bodyBytes.add(read);
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                if (key == null || key.isBlank()) {
                    withoutKey.increment();
                } else {
                    keys.add(key);
                }
                body = RECEIVED;
            } else if ("GET".equals(method)) {
                gets.increment();
                body = "/count".equals(exchange.getRequestURI().getPath())
                        ? counts().getBytes(StandardCharsets.US_ASCII) : OK;
            } else {
                status = 405;
                body = OK;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
            }
            return total;
        }
    }

    /** {"posts":N,"withoutKey":N,"distinctKeys":N,"gets":N,"bodyBytes":N} */
    String counts() {
        return "{\"posts\":" + posts.sum() + ",\"withoutKey\":" + withoutKey.sum() + ",\"distinctKeys\":" + keys.size()
                + ",\"gets\":" + gets.sum() + ",\"bodyBytes\":" + bodyBytes.sum() + "}";
    }
}

package dev.charter.crews;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Visitors posting to a crew's widget as the widget does (Charter's own Origin, the embedding site, the conversation
 * token after the first message), each from its own loopback address so the per-visitor limit applies to each. Open
 * loop: message i is due at i / rate whatever the server does, and its latency counts from when it was due, so a
 * queue in front of the server is measured too.
 */
final class WidgetLoad {

    static final String SITE = "http://shop.bench.example";
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    /** One load: how many visitors, the rate they send at in all, for how long. */
    record Load(String name, int visitors, double perSecond, int seconds) {}

    record Result(Load load, int sent, int answered, int refused, double p50, double p99, double max) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %.1f | %.1f |%n", load.name(), sent, answered,
                    refused, p50, p99, max);
        }
    }

    static final String TABLE_HEAD = "| load | sent | answered | refused | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n";

    private final int port;
    private final String key;
    private final String text;

    /** @param text what every visitor asks */
    WidgetLoad(int port, String key, String text) {
        this.port = port;
        this.key = key;
        this.text = text;
    }

    /** Sends {@code load}: message i from visitor i mod visitors, whose addresses come after {@code offset}. */
    Result run(Load load, int offset) throws Exception {
        int total = (int) Math.round(load.perSecond() * load.seconds());
        String[] tokens = new String[load.visitors()];
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(64, (int) Math.min(400, load.perSecond() * 2)));
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
                String[] answer = post(address(offset + visitor), tokens[visitor]);
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
    private String[] post(InetAddress from, String token) throws IOException {
        byte[] body = ("{\"text\":\"" + text + "\",\"site\":\"" + SITE + "\"}").getBytes(StandardCharsets.UTF_8);
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

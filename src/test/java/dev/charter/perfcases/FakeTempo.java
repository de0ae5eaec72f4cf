package dev.charter.perfcases;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Grafana Tempo's TraceQL metrics API on 127.0.0.1, from its documented shapes:
 * {@code GET /api/metrics/query_range?q=&start=&end=&step=} answers {@code {"series":[{"labels":[{"key":…,"value":
 * {"stringValue":…}}],"samples":[{"timestampMs":…,"value":…}],"exemplars":[…]}]}}; {@code quantile_over_time} adds
 * the label {@code p} ({@code doubleValue}). It evaluates the subset of TraceQL Charter writes (a spanset filter of
 * {@code =} comparisons joined by {@code &&} and {@code ||}, then {@code count_over_time()} or
 * {@code quantile_over_time(duration, …)} {@code by (…)}) over its spans. Like a real Tempo it attaches exemplars to
 * each series, whose labels carry a trace id and, as a careless proxy in front of it might, every attribute of the
 * exemplar span: what Charter did not ask for must still not get through. It records every query.
 */
final class FakeTempo implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern QUERY = Pattern.compile(
            "\\{ (.*) } \\| (count_over_time\\(\\)|quantile_over_time\\(duration, ([.0-9, ]+)\\)) by \\(([^)]*)\\)");
    private static final Pattern COMPARISON = Pattern.compile("([a-z_.]+) = (\"((?:[^\"\\\\]|\\\\.)*)\"|[a-z]+)");

    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<FakeSpan> spans = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeTempo() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> params = params(x.getRequestURI().getRawQuery());
            if (!"GET".equals(x.getRequestMethod()) || !x.getRequestURI().getPath().equals("/api/metrics/query_range")) {
                send(x, 404, "{\"error\":\"not found\"}");
                return;
            }
            String q = params.getOrDefault("q", "");
            queries.add(q);
            Matcher m = QUERY.matcher(q);
            if (!m.matches()) {
                send(x, 400, "{\"error\":\"parse error\"}");
                return;
            }
            List<FakeSpan> matched = spans.stream().filter(s -> matches(s, m.group(1))).toList();
            List<String> by = List.of(m.group(4).split(", "));
            Map<List<String>, List<FakeSpan>> groups = new LinkedHashMap<>();
            for (FakeSpan s : matched) {
                groups.computeIfAbsent(by.stream().map(s::traceql).toList(), k -> new ArrayList<>()).add(s);
            }
            long endMs = Long.parseLong(params.getOrDefault("end", "0")) * 1000;
            ObjectNode body = JSON.createObjectNode();
            ArrayNode series = body.putArray("series");
            for (var g : groups.entrySet()) {
                if (m.group(3) == null) {
                    series.add(series(by, g.getKey(), null, g.getValue().size(), g.getValue().get(0), endMs));
                } else {
                    long[] d = g.getValue().stream().mapToLong(FakeSpan::durationNanos).sorted().toArray();
                    for (String p : m.group(3).split(", ")) {
                        double q2 = Double.parseDouble(p);
                        int rank = (int) Math.ceil(q2 * d.length);
                        series.add(series(by, g.getKey(), q2, d[Math.max(0, rank - 1)] / 1e9, g.getValue().get(0), endMs));
                    }
                }
            }
            body.putObject("metrics").put("inspectedSpans", Integer.toString(spans.size()));
            send(x, 200, JSON.writeValueAsString(body));
        }
    }

    private static ObjectNode series(List<String> by, List<String> values, Double p, double value, FakeSpan exemplar, long endMs) {
        ObjectNode s = JSON.createObjectNode();
        ArrayNode labels = s.putArray("labels");
        for (int i = 0; i < by.size(); i++) {
            if (values.get(i) != null) {
                label(labels, by.get(i), values.get(i));
            }
        }
        if (p != null) {
            labels.addObject().put("key", "p").putObject("value").put("doubleValue", p);
        }
        s.putArray("samples").addObject().put("timestampMs", Long.toString(endMs)).put("value", value);
        ObjectNode ex = s.putArray("exemplars").addObject();
        ArrayNode exLabels = ex.putArray("labels");
        label(exLabels, "trace:id", exemplar.traceId());
        exemplar.attributes().forEach((k, v) -> label(exLabels, "span." + k, v));
        exemplar.resource().forEach((k, v) -> label(exLabels, "resource." + k, v));
        ex.put("value", exemplar.durationNanos() / 1e9).put("timestampMs", Long.toString(exemplar.startNanos() / 1_000_000));
        // the extra label a careless proxy adds: the status message of the exemplar span, not asked for
        label(labels, "statusMessage", exemplar.statusMessage());
        return s;
    }

    private static void label(ArrayNode labels, String key, String value) {
        labels.addObject().put("key", key).putObject("value").put("stringValue", value);
    }

    /** Evaluates the filter: {@code a && b && (c || d)}. */
    private static boolean matches(FakeSpan s, String filter) {
        for (String conjunct : filter.split(" && ")) {
            String c = conjunct.strip();
            if (c.startsWith("(")) {
                c = c.substring(1, c.length() - 1);
            }
            boolean any = false;
            for (String alt : c.split(" \\|\\| ")) {
                Matcher m = COMPARISON.matcher(alt.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("unsupported TraceQL: " + alt);
                }
                String want = m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2);
                any |= want.equals(s.traceql(m.group(1)));
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

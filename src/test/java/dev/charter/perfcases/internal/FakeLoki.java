package dev.charter.perfcases.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Loki on loopback that answers {@code /loki/api/v1/query_range} in Loki's documented shapes: a metric query with
 * a {@code matrix} of line counts per {@code service_name}, a log query with its {@code streams} of lines. It holds log
 * lines, so a test can plant a canary in them. Every query it receives is recorded.
 */
final class FakeLoki implements AutoCloseable {

    record Line(String service, String text) {}

    final List<Line> lines = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeLoki() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/loki/api/v1/query_range", exchange -> {
            Map<String, String> params = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String p : raw == null ? new String[0] : raw.split("&")) {
                int eq = p.indexOf('=');
                params.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
            String query = params.getOrDefault("query", "");
            queries.add(query);
            long end = Long.parseLong(params.getOrDefault("end", "0"));
            StringBuilder body = new StringBuilder("{\"status\":\"success\",\"data\":{");
            if (query.startsWith("{")) {
                body.append("\"resultType\":\"streams\",\"result\":[");
                for (int i = 0; i < lines.size(); i++) {
                    Line l = lines.get(i);
                    body.append(i == 0 ? "" : ",").append("{\"stream\":{\"service_name\":\"").append(l.service())
                            .append("\"},\"values\":[[\"").append(end).append("000000000\",\"").append(l.text()).append("\"]]}");
                }
            } else {
                body.append("\"resultType\":\"matrix\",\"result\":[");
                Map<String, Long> counts = new LinkedHashMap<>();
                lines.forEach(l -> counts.merge(l.service(), 1L, Long::sum));
                int i = 0;
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    body.append(i++ == 0 ? "" : ",").append("{\"metric\":{\"service_name\":\"").append(e.getKey())
                            .append("\"},\"values\":[[").append(end - 60).append(",\"").append(e.getValue() - 1)
                            .append("\"],[").append(end).append(",\"").append(e.getValue()).append("\"]]}");
                }
            }
            body.append("]}}");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

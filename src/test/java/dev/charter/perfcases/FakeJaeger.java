package dev.charter.perfcases;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Jaeger's v3 query API on 127.0.0.1, from its documented shapes: {@code GET /api/v3/services} answers
 * {@code {"services":[…]}}, {@code GET /api/v3/operations?service=} {@code {"operations":[{"name":…,"spanKind":…}]}},
 * and {@code GET /api/v3/traces?query.service_name=&query.start_time_min=&query.start_time_max=&query.search_depth=}
 * the traces as OTLP JSON ({@code {"result":{"resourceSpans":[{"resource":{"attributes":[…]},"scopeSpans":[{"scope":
 * …,"spans":[{"traceId","spanId","name","kind","startTimeUnixNano","endTimeUnixNano","attributes","events","status"}]}]}]}}}).
 * Whole spans, with every attribute: the client has to drop what it may not read. It records every request.
 */
final class FakeJaeger implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<FakeSpan> spans = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeJaeger() {
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
            String path = x.getRequestURI().getPath();
            requests.add(path + "?" + x.getRequestURI().getRawQuery());
            Map<String, String> params = FakeTempo.params(x.getRequestURI().getRawQuery());
            ObjectNode body = FakeTempo.JSON.createObjectNode();
            switch (path) {
                case "/api/v3/services" -> {
                    ArrayNode a = body.putArray("services");
                    new LinkedHashSet<>(spans.stream().map(FakeSpan::service).toList()).forEach(a::add);
                }
                case "/api/v3/operations" -> {
                    ArrayNode a = body.putArray("operations");
                    new LinkedHashSet<>(spans.stream().filter(s -> s.service().equals(params.get("service")))
                            .map(FakeSpan::name).toList()).forEach(n -> a.addObject().put("name", n).put("spanKind", "server"));
                }
                case "/api/v3/traces" -> {
                    String service = params.get("query.service_name");
                    Instant.parse(params.get("query.start_time_min"));
                    Instant.parse(params.get("query.start_time_max"));
                    ArrayNode rs = body.putObject("result").putArray("resourceSpans");
                    Map<List<String>, ArrayNode> byResource = new LinkedHashMap<>();
                    for (FakeSpan s : spans) {
                        if (!s.service().equals(service)) {
                            continue;
                        }
                        ArrayNode list = byResource.computeIfAbsent(List.of(s.service(), s.version(), s.resource().toString()), k -> {
                            ObjectNode r = rs.addObject();
                            ArrayNode attrs = r.putObject("resource").putArray("attributes");
                            attr(attrs, "service.name", s.service());
                            attr(attrs, "service.version", s.version());
                            s.resource().forEach((key, v) -> attr(attrs, key, v));
                            ObjectNode scope = r.putArray("scopeSpans").addObject();
                            scope.putObject("scope").put("name", "io.opentelemetry.http").put("version", "1.0");
                            return scope.putArray("spans");
                        });
                        ObjectNode span = list.addObject();
                        span.put("traceId", s.traceId()).put("spanId", s.spanId()).put("name", s.name()).put("kind", 2)
                                .put("startTimeUnixNano", Long.toString(s.startNanos()))
                                .put("endTimeUnixNano", Long.toString(s.startNanos() + s.durationNanos()));
                        ArrayNode attrs = span.putArray("attributes");
                        s.attributes().forEach((key, v) -> attr(attrs, key, v));
                        ArrayNode events = span.putArray("events");
                        for (Map<String, String> e : s.events()) {
                            ObjectNode ev = events.addObject().put("name", "exception")
                                    .put("timeUnixNano", Long.toString(s.startNanos()));
                            ArrayNode ea = ev.putArray("attributes");
                            e.forEach((key, v) -> attr(ea, key, v));
                        }
                        span.putObject("status").put("code", s.error() ? 2 : 1).put("message", s.statusMessage());
                    }
                }
                default -> {
                    FakeTempo.send(x, 404, "{\"error\":{\"httpCode\":404,\"message\":\"not found\"}}");
                    return;
                }
            }
            FakeTempo.send(x, 200, FakeTempo.JSON.writeValueAsString(body));
        }
    }

    private static void attr(ArrayNode attrs, String key, String value) {
        attrs.addObject().put("key", key).putObject("value").put("stringValue", value);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

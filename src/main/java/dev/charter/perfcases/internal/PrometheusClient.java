package dev.charter.perfcases.internal;

import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus's HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series}, {@code labels}), every call
 * through {@link AuditedQueries}. Answers are parsed into labelled series of numbers: the aggregates the queries
 * asked for, nothing else.
 */
@Component
class PrometheusClient {

    /** The source answered with an error, or with something that is not Prometheus's API. */
    static final class SourceError extends RuntimeException {
        SourceError(String message) {
            super(message);
        }
    }

    /** One point of a series. */
    record Point(long epochSeconds, double value) {}

    /** One labelled series of an answer. */
    record Series(Map<String, String> labels, List<Point> points) {}

    private final AuditedQueries queries;
    private final JsonMapper json;

    PrometheusClient(AuditedQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** An instant query at {@code time}. */
    List<Series> query(OrgId org, UUID connection, Aggregate promql, Instant time, UUID caseId, UserId actor) {
        JsonNode data = data(queries.send(org, connection, new TelemetryQuery("PromQL", "/api/v1/query", "query",
                promql.text(), Map.of("time", seconds(time))), caseId, actor));
        return result(data);
    }

    /** A range query from {@code start} to {@code end} every {@code step}. */
    List<Series> queryRange(OrgId org, UUID connection, Aggregate promql, Instant start, Instant end, Duration step,
                            UUID caseId, UserId actor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", seconds(start));
        params.put("end", seconds(end));
        params.put("step", step.toSeconds() + "s");
        JsonNode data = data(queries.send(org, connection, new TelemetryQuery("PromQL", "/api/v1/query_range", "query",
                promql.text(), params), caseId, actor));
        return result(data);
    }

    /** The label sets of the series a selector matches (names and label values only, no samples). */
    List<Map<String, String>> series(OrgId org, UUID connection, String selector, Instant start, Instant end, UserId actor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", seconds(start));
        params.put("end", seconds(end));
        JsonNode data = data(queries.send(org, connection, new TelemetryQuery("PromQL", "/api/v1/series", "match[]",
                PromQueries.selector(selector), params), null, actor));
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode s : data) {
            out.add(labels(s));
        }
        return out;
    }

    /** The label names the source knows. */
    List<String> labels(OrgId org, UUID connection, UserId actor) {
        JsonNode data = data(queries.send(org, connection, new TelemetryQuery("PromQL", "/api/v1/labels", null, null,
                Map.of()), null, actor));
        List<String> out = new ArrayList<>();
        data.forEach(n -> out.add(n.asString()));
        return out;
    }

    private JsonNode data(EgressResponse r) {
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (RuntimeException e) {
            throw new SourceError("The source answered HTTP " + r.status() + " with something that is not Prometheus's JSON.");
        }
        if (!r.isSuccess() || !"success".equals(body.path("status").asString(""))) {
            String type = body.path("errorType").asString("");
            throw new SourceError("The source answered HTTP " + r.status() + (type.isEmpty() ? "" : " (" + type + ")")
                    + ": check the address, the credential and the metric names of the grant.");
        }
        return body.path("data");
    }

    private static List<Series> result(JsonNode data) {
        List<Series> out = new ArrayList<>();
        String type = data.path("resultType").asString("");
        for (JsonNode s : data.path("result")) {
            List<Point> points = new ArrayList<>();
            if (type.equals("matrix")) {
                for (JsonNode v : s.path("values")) {
                    point(v, points);
                }
            } else if (type.equals("vector")) {
                point(s.path("value"), points);
            }
            out.add(new Series(labels(s.path("metric").isMissingNode() ? s : s.path("metric")), points));
        }
        return out;
    }

    private static void point(JsonNode v, List<Point> points) {
        double value = parse(v.path(1).asString("NaN"));
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            points.add(new Point((long) v.path(0).asDouble(), value));
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }

    private static String seconds(Instant t) {
        return Long.toString(t.getEpochSecond());
    }
}

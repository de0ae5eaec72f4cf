package dev.charter.perfcases.internal;

import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tempo's TraceQL metrics API ({@code /api/metrics/query_range}), every call through {@link AuditedQueries}. The
 * answer's series are read through an allowlist: of each series only the labels the query grouped by (and {@code p},
 * the quantile) and the sample values; exemplars, trace ids and any label not asked for are dropped while parsing.
 */
@Component
class TempoClient {

    /** One series of an answer: the labels asked for, and its value over the window. */
    record Series(Map<String, String> labels, double value) {}

    static final String PATH = "/api/metrics/query_range";
    private static final int MAX_VALUE = 200;

    private final AuditedQueries queries;
    private final JsonMapper json;

    TempoClient(AuditedQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /**
     * A metrics query over {@code start}..{@code end} in one step; counts add up over the samples of a series, other
     * values keep the highest.
     */
    List<Series> query(OrgId org, UUID connection, String traceql, List<String> groupBy, Instant start, Instant end,
                       boolean counts, UUID caseId, UserId actor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", Long.toString(start.getEpochSecond()));
        params.put("end", Long.toString(end.getEpochSecond()));
        params.put("step", Math.max(1, Duration.between(start, end).toSeconds()) + "s");
        EgressResponse r = queries.send(org, connection, new TelemetryQuery("TraceQL", PATH, "q", traceql, params), caseId, actor);
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (RuntimeException e) {
            throw new PrometheusClient.SourceError("The source answered HTTP " + r.status() + " with something that is not Tempo's JSON.");
        }
        if (!r.isSuccess()) {
            throw new PrometheusClient.SourceError("The source answered HTTP " + r.status()
                    + ": check the address and the credential of the connection.");
        }
        Set<String> allowed = new HashSet<>(groupBy);
        allowed.add("p");
        List<Series> out = new ArrayList<>();
        for (JsonNode s : body.path("series")) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (JsonNode l : s.path("labels")) {
                String key = l.path("key").asString("");
                if (allowed.contains(key)) {
                    String value = value(l.path("value"));
                    if (value != null && value.length() <= MAX_VALUE) {
                        labels.put(key, value);
                    }
                }
            }
            double value = counts ? 0 : Double.NaN;
            for (JsonNode sample : s.path("samples")) {
                double v = sample.path("value").asDouble(Double.NaN);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                value = counts ? value + v : Double.isNaN(value) ? v : Math.max(value, v);
            }
            if (!Double.isNaN(value)) {
                out.add(new Series(labels, value));
            }
        }
        return out;
    }

    /** An OTLP AnyValue as text, scalars only. */
    private static String value(JsonNode v) {
        for (String k : List.of("stringValue", "intValue", "doubleValue", "boolValue")) {
            JsonNode n = v.path(k);
            if (!n.isMissingNode() && n.isValueNode()) {
                return n.asString();
            }
        }
        return null;
    }
}

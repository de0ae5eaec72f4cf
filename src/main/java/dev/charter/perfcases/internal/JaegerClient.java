package dev.charter.perfcases.internal;

import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jaeger's v3 query API ({@code /api/v3/services}, {@code /api/v3/operations}, {@code /api/v3/traces}), every call
 * through {@link AuditedQueries}. Traces come back as OTLP JSON; the allowlist parser here reads of each span only
 * its name, start and end time, whether its status is an error, the resource's {@code service.name} and
 * {@code service.version}, and the values of the attribute keys approved for the case. Everything else (trace and
 * span ids, other attributes of the span and the resource, status messages, events, links, scopes) is left in the
 * answer's parse tree, which goes when the read returns: it is never stored, logged or handed on.
 */
@Component
class JaegerClient {

    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_VERSION = "service.version";
    /** Traces asked for in one read; the spans of the case's service among them are aggregated. */
    static final int SEARCH_DEPTH = 1000;
    private static final int MAX_VALUE = 200;

    private final AuditedQueries queries;
    private final JsonMapper json;

    JaegerClient(AuditedQueries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** The service names the source knows. */
    List<String> services(OrgId org, UUID connection, UUID caseId, UserId actor) {
        JsonNode body = body(queries.send(org, connection, new TelemetryQuery("Jaeger", "/api/v3/services", null, null,
                Map.of()), caseId, actor));
        List<String> out = new ArrayList<>();
        body.path("services").forEach(s -> out.add(s.asString()));
        return out;
    }

    /** The span names (operations) of a service. */
    List<String> operations(OrgId org, UUID connection, String service, UUID caseId, UserId actor) {
        JsonNode body = body(queries.send(org, connection, new TelemetryQuery("Jaeger", "/api/v3/operations", "service",
                service, Map.of()), caseId, actor));
        List<String> out = new ArrayList<>();
        body.path("operations").forEach(o -> out.add(o.path("name").asString("")));
        return out;
    }

    /** The spans of {@code service} in {@code versions} from the traces between {@code start} and {@code end}. */
    List<TraceSpan> spans(OrgId org, UUID connection, String service, Set<String> versions, Set<String> approvedKeys,
                          Instant start, Instant end, UUID caseId, UserId actor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query.start_time_min", DateTimeFormatter.ISO_INSTANT.format(start));
        params.put("query.start_time_max", DateTimeFormatter.ISO_INSTANT.format(end));
        params.put("query.search_depth", Integer.toString(SEARCH_DEPTH));
        JsonNode body = body(queries.send(org, connection, new TelemetryQuery("Jaeger", "/api/v3/traces",
                "query.service_name", service, params), caseId, actor));
        JsonNode result = body.has("result") ? body.path("result") : body;
        List<TraceSpan> out = new ArrayList<>();
        for (JsonNode rs : result.path("resourceSpans")) {
            String svc = attribute(rs.path("resource").path("attributes"), SERVICE_NAME);
            String version = attribute(rs.path("resource").path("attributes"), SERVICE_VERSION);
            if (!service.equals(svc) || version == null || !versions.contains(version)) {
                continue;
            }
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    TraceSpan s = span(span, svc, version, approvedKeys);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private static TraceSpan span(JsonNode span, String service, String version, Set<String> approvedKeys) {
        String name = span.path("name").asString("");
        long startNanos = nanos(span.path("startTimeUnixNano"));
        long endNanos = nanos(span.path("endTimeUnixNano"));
        if (name.isEmpty() || name.length() > MAX_VALUE || startNanos < 0 || endNanos < startNanos) {
            return null;
        }
        JsonNode code = span.path("status").path("code");
        boolean error = code.isNumber() ? code.asInt() == 2 : "STATUS_CODE_ERROR".equals(code.asString(""));
        Map<String, String> approved = new LinkedHashMap<>();
        for (String key : approvedKeys) {
            String value = attribute(span.path("attributes"), key);
            if (value != null) {
                approved.put(key, value);
            }
        }
        return new TraceSpan(service, version, name, endNanos - startNanos, error, approved);
    }

    /** The value of one attribute key of an OTLP attribute list, scalars only; no other key is read. */
    private static String attribute(JsonNode attributes, String key) {
        for (JsonNode a : attributes) {
            if (key.equals(a.path("key").asString(""))) {
                JsonNode v = a.path("value");
                for (String k : List.of("stringValue", "intValue", "doubleValue", "boolValue")) {
                    JsonNode n = v.path(k);
                    if (!n.isMissingNode() && n.isValueNode()) {
                        String s = n.asString();
                        return s.length() <= MAX_VALUE ? s : null;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static long nanos(JsonNode n) {
        try {
            return n.isNumber() ? n.asLong() : Long.parseLong(n.asString("-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private JsonNode body(EgressResponse r) {
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (RuntimeException e) {
            throw new PrometheusClient.SourceError("The source answered HTTP " + r.status() + " with something that is not Jaeger's JSON.");
        }
        if (!r.isSuccess()) {
            throw new PrometheusClient.SourceError("The source answered HTTP " + r.status()
                    + ": check the address and the credential of the connection.");
        }
        return body;
    }
}

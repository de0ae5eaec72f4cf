package dev.charter.perfcases;

import java.util.List;
import java.util.Map;

/**
 * One span as a trace store holds it, with everything a real one carries: ids, span and resource attributes, a status
 * message, events. The trace fakes answer from these.
 */
record FakeSpan(String traceId, String spanId, String service, String version, String name, long startNanos,
                long durationNanos, boolean error, String statusMessage, Map<String, String> attributes,
                Map<String, String> resource, List<Map<String, String>> events) {

    /** The span's attribute value by TraceQL name ({@code span.x}, {@code resource.x}, or an intrinsic). */
    String traceql(String key) {
        return switch (key) {
            case "name" -> name;
            case "resource.service.name" -> service;
            case "resource.service.version" -> version;
            case "status" -> error ? "error" : "ok";
            default -> key.startsWith("span.") ? attributes.get(key.substring(5))
                    : key.startsWith("resource.") ? resource.get(key.substring(9)) : null;
        };
    }
}

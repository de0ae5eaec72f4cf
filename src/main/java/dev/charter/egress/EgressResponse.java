package dev.charter.egress;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The destination's answer to the last hop of a request.
 *
 * @param status  HTTP status code
 * @param headers response headers, names case-insensitive
 * @param body    response body, never longer than the policy's limit
 */
public record EgressResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public EgressResponse {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.merge(k, List.copyOf(v),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "EgressResponse[" + status + ", " + body.length + " bytes]";
    }
}

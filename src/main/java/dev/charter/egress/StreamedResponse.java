package dev.charter.egress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The destination's answer while it is still arriving: status and headers, and the body as a stream that the
 * handler of {@link EgressGateway#stream} reads as far as it wants. The body never yields more than the purpose's
 * size limit, stops at the exchange's time limit (both with an {@link EgressLimitException}), and has the attached
 * credential cut out of it like {@link EgressGateway#send}'s answers.
 *
 * @param status  HTTP status code
 * @param headers response headers, names case-insensitive
 * @param body    the body as it arrives, de-chunked
 */
public record StreamedResponse(int status, Map<String, List<String>> headers, InputStream body) {

    public StreamedResponse {
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

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The rest of the body, read whole (within the purpose's size limit): for an error answer. */
    public EgressResponse readWhole() throws IOException {
        return new EgressResponse(status, headers, body.readAllBytes());
    }

    @Override
    public String toString() {
        return "StreamedResponse[" + status + "]";
    }
}

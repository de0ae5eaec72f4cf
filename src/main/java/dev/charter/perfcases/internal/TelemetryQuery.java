package dev.charter.perfcases.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One query to a telemetry source, exactly as it is sent: the language ({@code PromQL}), the API path and the
 * query text, with the other parameters of the request (range, step). The audit record holds all of it verbatim.
 *
 * @param textParam the request parameter that carries the text ({@code query}, {@code match[]})
 * @param text   the query itself (PromQL expression, series selector); at most {@link #MAX_TEXT} characters so it
 *               fits whole in one audit record
 * @param params the request's other parameters, in order
 */
record TelemetryQuery(String language, String path, String textParam, String text, Map<String, String> params) {

    static final int MAX_TEXT = 1000;

    TelemetryQuery {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(path, "path");
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a telemetry query longer than " + MAX_TEXT
                    + " characters does not fit verbatim in its audit record");
        }
    }
}

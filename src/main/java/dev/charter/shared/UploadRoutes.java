package dev.charter.shared;

import java.util.List;
import java.util.Objects;

/**
 * Request paths that take a file as their body (a raw {@code application/octet-stream} body or a multipart form),
 * declared as a bean by the module that owns them. On these paths, and only on these, a body may be as large as
 * {@code CHARTER_MAX_UPLOAD_BYTES}; every other route keeps {@code CHARTER_MAX_PAYLOAD_BYTES}.
 *
 * @param what     what is uploaded, for the error that refuses a larger file ({@code "a Java Flight Recorder file"})
 * @param patterns path patterns in Spring's {@code PathPattern} syntax ({@code /api/v1/things/{id}/file})
 */
public record UploadRoutes(String what, List<String> patterns) {

    public UploadRoutes {
        Objects.requireNonNull(what, "what");
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("an upload route needs at least one path pattern");
        }
    }

    public static UploadRoutes of(String what, String... patterns) {
        return new UploadRoutes(what, List.of(patterns));
    }
}

package dev.charter.web;

import dev.charter.identity.PublicPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which kind of answer a request gets when it fails: the JSON API, the OpenAPI document, the operations
 * endpoints and machine endpoints (a Pilot's delivery URL) get {@code application/problem+json}; everything
 * else is a page and gets the HTML error page.
 */
@Component
class Answers {

    private static final List<String> JSON_PREFIXES = List.of("/api/", "/v3/", "/actuator/");
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final JsonMapper json;
    private final List<String> machinePatterns;

    Answers(JsonMapper json, List<PublicPaths> modulePaths) {
        this.json = json;
        this.machinePatterns = modulePaths.stream().filter(PublicPaths::csrfExempt)
                .flatMap(p -> p.patterns().stream()).toList();
    }

    boolean wantsProblem(String uri) {
        String path = uri == null ? "/" : uri;
        return JSON_PREFIXES.stream().anyMatch(path::startsWith) || path.equals("/v3/api-docs")
                || machinePatterns.stream().anyMatch(p -> PATHS.match(p, path));
    }

    void writeProblem(HttpServletRequest request, HttpServletResponse response, int status, String title,
                      String detail, Map<String, String> errors) throws IOException {
        ProblemDetail p = ProblemDetail.forStatus(status);
        p.setTitle(title);
        p.setDetail(detail);
        p.setInstance(safeUri(request.getRequestURI()));
        if (errors != null && !errors.isEmpty()) {
            p.setProperty("errors", errors);
        }
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/problem+json");
        response.getWriter().write(json.writeValueAsString(p));
    }

    static URI safeUri(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

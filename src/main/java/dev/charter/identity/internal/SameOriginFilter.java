package dev.charter.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing browser requests that another site started: when the browser names the
 * request's origin (Origin, or Sec-Fetch-Site), it must be this server. Requests with a bearer
 * token and machine endpoints (delivery URLs) are exempt; they carry their own secret.
 */
class SameOriginFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final RequestMatcher exempt;
    private final ProblemWriter problems;

    SameOriginFilter(RequestMatcher exempt, ProblemWriter problems) {
        this.exempt = exempt;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod()) || exempt.matches(request) || sameOrigin(request)) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(request, response, 403, "Cross-site request refused",
                "This request came from another site. Open Charter directly and try again.");
    }

    private static boolean sameOrigin(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !(fetchSite.equals("same-origin") || fetchSite.equals("none"))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true; // not a browser-initiated cross-site request; CSRF tokens still apply
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && o.getHost() != null && o.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

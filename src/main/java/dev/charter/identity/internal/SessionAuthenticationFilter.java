package dev.charter.identity.internal;

import dev.charter.identity.CurrentUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its bearer API token (scripts) or its session cookie (browsers).
 * A bad bearer token is answered 401 at once; a bad cookie is cleared and the request goes on
 * anonymous, so pages redirect to sign-in and the API answers 401.
 */
class SessionAuthenticationFilter extends OncePerRequestFilter {

    static final String BEARER_ATTRIBUTE = SessionAuthenticationFilter.class.getName() + ".bearer";

    private final Sessions sessions;
    private final ApiTokens apiTokens;
    private final SessionCookie cookie;
    private final ProblemWriter problems;

    SessionAuthenticationFilter(Sessions sessions, ApiTokens apiTokens, SessionCookie cookie, ProblemWriter problems) {
        this.sessions = sessions;
        this.apiTokens = apiTokens;
        this.cookie = cookie;
        this.problems = problems;
    }

    /**
     * Error pages are rendered in an error dispatch after the request's own pass has cleared the security context;
     * authenticating that dispatch too lets them show a signed-in person's navigation rather than "Sign in".
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        Optional<CurrentUser> user;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.setAttribute(BEARER_ATTRIBUTE, Boolean.TRUE);
            user = apiTokens.resolve(authorization.substring(7).strip());
            if (user.isEmpty()) {
                problems.write(request, response, 401, "Invalid API token",
                        "The bearer token is unknown or revoked. Create a new one on the account page.");
                return;
            }
        } else {
            String token = cookie.read(request);
            user = token == null ? Optional.empty() : sessions.resolve(token);
            if (token != null && user.isEmpty()) {
                cookie.clear(request, response);
            }
        }
        user.ifPresent(u -> {
            var auth = new UsernamePasswordAuthenticationToken(u, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + u.role().name())));
            SecurityContextHolder.getContext().setAuthentication(auth);
        });
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}

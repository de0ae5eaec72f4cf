package dev.charter.identity.internal;

import dev.charter.identity.PublicPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Browsers authenticate with the session cookie and keep CSRF protection;
 * scripts with a bearer API token. No HTTP session, no form-login machinery, no second cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final List<String> PUBLIC = List.of(
            "/", "/signin", "/signup", "/invite/**", "/error",
            "/api/v1/auth/signin", "/api/v1/auth/signup", "/api/v1/auth/invitations/**",
            "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico",
            "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**");

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /**
     * Machine endpoints (a Pilot's delivery URL, the receipt verifier) authenticate by their own secret, never by
     * a cookie or token, so they get a short chain of their own: no session lookup, no CSRF token, no same-origin
     * check, just the security headers. Keeps high-volume deliveries from paying for the browser machinery.
     */
    @Bean
    @Order(1)
    SecurityFilterChain machineEndpoints(HttpSecurity http, List<PublicPaths> modulePaths) throws Exception {
        List<RequestMatcher> machine = modulePaths.stream().filter(PublicPaths::csrfExempt)
                .flatMap(p -> p.patterns().stream())
                .map(pattern -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(pattern)).toList();
        http
                .securityMatcher(machine.isEmpty() ? request -> false : new OrRequestMatcher(machine))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .securityContext(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .csrf(c -> c.disable())
                .anonymous(a -> a.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain charterSecurity(HttpSecurity http, Sessions sessions, ApiTokens apiTokens, SessionCookie cookie,
                                        ProblemWriter problems, SessionKey key, List<PublicPaths> modulePaths,
                                        StaleFormPage staleForm)
            throws Exception {
        List<String> open = new ArrayList<>(PUBLIC);
        List<RequestMatcher> machine = new ArrayList<>();
        for (PublicPaths p : modulePaths) {
            open.addAll(p.patterns());
            if (p.csrfExempt()) {
                p.patterns().forEach(pattern -> machine.add(PathPatternRequestMatcher.withDefaults().matcher(pattern)));
            }
        }
        RequestMatcher bearer = request -> request.getAttribute(SessionAuthenticationFilter.BEARER_ATTRIBUTE) != null;
        machine.add(bearer);
        RequestMatcher exempt = new OrRequestMatcher(machine);
        // JSON API calls cannot be forged by another site: a cross-site JSON body or a PUT, PATCH or
        // DELETE needs a CORS preflight, which Charter never grants. Form-encoded posts still need the token.
        RequestMatcher jsonApi = request -> request.getRequestURI().startsWith("/api/")
                && (isJson(request.getContentType()) || !"POST".equals(request.getMethod()));

        http
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .csrf(c -> c.csrfTokenRepository(new SessionBoundCsrfTokens(key)).ignoringRequestMatchers(exempt, jsonApi))
                .addFilterBefore(new SessionAuthenticationFilter(sessions, apiTokens, cookie, problems), CsrfFilter.class)
                .addFilterBefore(new SameOriginFilter(exempt, problems), CsrfFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(open.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            if (request.getRequestURI().startsWith("/api/")) {
                                problems.write(request, response, 401, "Sign-in required",
                                        "Send a valid API token as 'Authorization: Bearer …', or sign in.");
                            } else {
                                String next = request.getRequestURI()
                                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                                response.sendRedirect("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                            }
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            if (staleForm.handles(request, ex)) {
                                staleForm.write(request, response);
                            } else {
                                denied(request, response, ex, problems);
                            }
                        }))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * A refused request says why in words and never echoes what was sent (a CSRF token is a secret of the
     * session). Pages get the HTML error page, the API a problem detail.
     */
    private static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex,
                               ProblemWriter problems) throws IOException {
        boolean csrf = ex instanceof CsrfException;
        log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(),
                csrf ? "the CSRF token was missing or did not match the session" : ex.getClass().getSimpleName());
        String detail = csrf
                ? "The form's security token is missing or out of date (for example after signing in again in "
                        + "another tab). Reload the page and try again."
                : "You may not do this.";
        if (request.getRequestURI().startsWith("/api/")) {
            problems.write(request, response, 403, "Forbidden", detail);
        } else {
            response.sendError(403);
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }
}

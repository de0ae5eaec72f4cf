package dev.charter.identity.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The one cookie Charter sets (ACC-2): HttpOnly, SameSite=Lax, Path=/, and over TLS Secure with
 * the {@code __Host-} prefix. It holds a signed, expiring session token and nothing else.
 */
@Component
public class SessionCookie {

    static final String NAME = "charter_session";
    static final String SECURE_NAME = "__Host-charter_session";

    private final Clock clock;

    SessionCookie(Clock clock) {
        this.clock = clock;
    }

    String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String wanted = request.isSecure() ? SECURE_NAME : NAME;
        for (Cookie c : cookies) {
            if (wanted.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, String token, Instant expiresAt) {
        Duration maxAge = Duration.between(clock.instant(), expiresAt);
        response.addHeader("Set-Cookie", build(request, token, maxAge).toString());
    }

    public void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", build(request, "", Duration.ZERO).toString());
    }

    private static ResponseCookie build(HttpServletRequest request, String value, Duration maxAge) {
        boolean secure = request.isSecure();
        return ResponseCookie.from(secure ? SECURE_NAME : NAME, value)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .path("/")
                .maxAge(maxAge)
                .build();
    }
}

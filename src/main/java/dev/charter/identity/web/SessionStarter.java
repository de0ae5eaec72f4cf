package dev.charter.identity.web;

import dev.charter.identity.internal.SessionCookie;
import dev.charter.identity.internal.Sessions;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/** Opens a server-side session and hands its signed token to the browser in the session cookie. */
@Component
class SessionStarter {

    private final Sessions sessions;
    private final SessionCookie cookie;

    SessionStarter(Sessions sessions, SessionCookie cookie) {
        this.sessions = sessions;
        this.cookie = cookie;
    }

    void start(HttpServletRequest request, HttpServletResponse response, OrgId org, UserId user) {
        var issued = sessions.open(org, user);
        cookie.write(request, response, issued.token(), issued.expiresAt());
    }
}

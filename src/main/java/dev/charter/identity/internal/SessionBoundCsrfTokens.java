package dev.charter.identity.internal;

import dev.charter.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * CSRF tokens without a second cookie (ACC-2): the token is an HMAC of the session id, so it is
 * bound to the signed-in session and needs no storage. Before sign-in there is no session to bind
 * to; those forms (sign-in, sign-up, invitation) are protected by {@link SameOriginFilter} and
 * SameSite instead.
 */
class SessionBoundCsrfTokens implements CsrfTokenRepository {

    static final String HEADER = "X-CSRF-TOKEN";
    static final String PARAMETER = "_csrf";

    private final byte[] key;

    SessionBoundCsrfTokens(SessionKey key) {
        this.key = key.bytes();
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return new DefaultCsrfToken(HEADER, PARAMETER, tokenFor(request));
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        // derived, nothing to store
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return generateToken(request);
    }

    private String tokenFor(HttpServletRequest request) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        String subject = auth != null && auth.getPrincipal() instanceof CurrentUser u && u.sessionId() != null
                ? "session:" + u.sessionId()
                : "anonymous";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = mac.doFinal(("csrf|" + subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

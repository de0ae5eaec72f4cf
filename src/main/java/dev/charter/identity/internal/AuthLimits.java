package dev.charter.identity.internal;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.RateLimiter;
import dev.charter.identity.RateLimiter.Limit;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** The rate limits of sign-in, sign-up and password change (ACC-4), shared by pages and API. */
@Component
public class AuthLimits {

    private final RateLimiter limiter;
    private final Limit signinByAddress;
    private final Limit signinByEmail;
    private final Limit signup;
    private final Limit passwordChange;

    AuthLimits(RateLimiter limiter, IdentitySettings s) {
        this.limiter = limiter;
        this.signinByAddress = new Limit("sign-in", s.signinPerMinute() * 3, Duration.ofMinutes(1));
        this.signinByEmail = new Limit("sign-in", s.signinPerMinute(), Duration.ofMinutes(1));
        this.signup = new Limit("sign-up", s.signupPerHour(), Duration.ofHours(1));
        this.passwordChange = new Limit("password change", s.passwordChangePerHour(), Duration.ofHours(1));
    }

    public void signin(HttpServletRequest request, String email) {
        limiter.check(signinByAddress, "addr:" + request.getRemoteAddr());
        limiter.check(signinByEmail, "email:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT)));
    }

    public void signup(HttpServletRequest request) {
        limiter.check(signup, request.getRemoteAddr());
    }

    public void passwordChange(CurrentUser me) {
        limiter.check(passwordChange, me.userId().toString());
    }
}

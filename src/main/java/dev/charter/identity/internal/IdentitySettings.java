package dev.charter.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings ({@code CHARTER_IDENTITY_*}).
 *
 * @param sessionTtl     how long a sign-in lasts
 * @param sessionKey     base64 HMAC key for session tokens; when empty a key file under the data folder is used
 * @param scrypt         password hashing cost (defaults are Spring Security's v5.8 parameters)
 * @param signinPerMinute sign-in attempts per client address and per email address each minute
 * @param signupPerHour  sign-ups per client address each hour
 * @param passwordChangePerHour password changes per user each hour
 * @param invitationTtl  how long an invitation link stays valid
 */
@ConfigurationProperties("charter.identity")
public record IdentitySettings(
        @DefaultValue("12h") Duration sessionTtl,
        String sessionKey,
        @DefaultValue Scrypt scrypt,
        @DefaultValue("10") int signinPerMinute,
        @DefaultValue("20") int signupPerHour,
        @DefaultValue("10") int passwordChangePerHour,
        @DefaultValue("7d") Duration invitationTtl) {

    public record Scrypt(@DefaultValue("65536") int cpuCost, @DefaultValue("8") int memoryCost,
                         @DefaultValue("1") int parallelization, @DefaultValue("32") int keyLength,
                         @DefaultValue("16") int saltLength) {}

    @Override
    public String toString() {
        return "IdentitySettings[sessionTtl=" + sessionTtl + ", sessionKey=" + (sessionKey == null ? "file" : "(set)") + "]";
    }
}

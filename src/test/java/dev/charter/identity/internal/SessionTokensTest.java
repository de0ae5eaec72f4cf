package dev.charter.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.CharterSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ACC-2: the session token expires, and only HS256 with the server's key is accepted. */
class SessionTokensTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    static SessionTokens tokens(Clock clock) {
        var settings = new IdentitySettings(Duration.ofHours(12), KEY, new IdentitySettings.Scrypt(1024, 8, 1, 32, 16),
                10, 10, 10, Duration.ofDays(7));
        return new SessionTokens(new SessionKey(settings, new CharterSettings(Path.of("unused"))), clock);
    }

    @Test
    @Tag("claim:ACC-2")
    void aTokenStopsWorkingWhenItExpires() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        UUID session = UUID.randomUUID();
        String token = tokens(Clock.fixed(now, ZoneOffset.UTC)).issue(session, UUID.randomUUID(), now.plusSeconds(3600));

        assertThat(tokens(Clock.fixed(now.plusSeconds(3599), ZoneOffset.UTC)).verify(token)).contains(session);
        assertThat(tokens(Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC)).verify(token)).isEmpty();
        assertThat(tokens(Clock.fixed(now.plusSeconds(86_400), ZoneOffset.UTC)).verify(token)).isEmpty();
    }
}

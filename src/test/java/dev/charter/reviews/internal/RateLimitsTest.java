package dev.charter.reviews.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.EgressResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How long each provider's answer asks Charter to wait, as the providers document it. */
class RateLimitsTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    static EgressResponse answer(int status, Map<String, String> headers) {
        return new EgressResponse(status, headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), new byte[0]);
    }

    @Test
    void githubsPrimaryLimitWaitsForTheReset() {
        long reset = NOW.plusSeconds(600).getEpochSecond();
        var r = answer(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset)));
        assertThat(RateLimits.retryAt(r, NOW)).isEqualTo(Instant.ofEpochSecond(reset));
        assertThat(RateLimits.retryAt(answer(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(reset))), NOW)).isEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void retryAfterInSecondsOrAsADateWins() {
        assertThat(RateLimits.retryAt(answer(429, Map.of("Retry-After", "30")), NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(RateLimits.retryAt(answer(403, Map.of("Retry-After", "60")), NOW)).as("GitHub's secondary limit")
                .isEqualTo(NOW.plusSeconds(60));
        assertThat(RateLimits.retryAt(answer(503, Map.of("Retry-After", "Wed, 02 Dec 2026 12:05:00 GMT")), NOW))
                .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void aForbiddenAnswerWithoutALimitIsNoRateLimit() {
        assertThat(RateLimits.retryAt(answer(403, Map.of("x-ratelimit-remaining", "12")), NOW)).isNull();
        assertThat(RateLimits.retryAt(answer(500, Map.of("Retry-After", "5")), NOW)).isNull();
        assertThat(RateLimits.retryAt(answer(200, Map.of()), NOW)).isNull();
    }

    @Test
    void waitsAreBoundedAndDefaulted() {
        assertThat(RateLimits.retryAt(answer(429, Map.of()), NOW)).isEqualTo(NOW.plus(RateLimits.DEFAULT_WAIT));
        assertThat(RateLimits.retryAt(answer(429, Map.of("Retry-After", "0")), NOW)).isEqualTo(NOW.plus(RateLimits.MIN_WAIT));
        assertThat(RateLimits.retryAt(answer(429, Map.of("Retry-After", "86400")), NOW)).isEqualTo(NOW.plus(RateLimits.MAX_WAIT));
        assertThat(RateLimits.retryAt(answer(429, Map.of("Retry-After", "soon")), NOW)).isEqualTo(NOW.plus(RateLimits.DEFAULT_WAIT));
    }

    @Test
    void aSuccessfulAnswerThatLeftNoRequestsWaitsBeforeTheNextPage() {
        long reset = NOW.plusSeconds(120).getEpochSecond();
        assertThat(RateLimits.exhaustedUntil(answer(200, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                Long.toString(reset))), NOW)).isEqualTo(Instant.ofEpochSecond(reset));
        assertThat(RateLimits.exhaustedUntil(answer(200, Map.of("x-ratelimit-remaining", "4999", "x-ratelimit-reset",
                Long.toString(reset))), NOW)).isNull();
    }
}

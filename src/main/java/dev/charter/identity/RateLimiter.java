package dev.charter.identity;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token-bucket rate limits per (limit, key) using Bucket4j, held in this node's memory. Used by
 * sign-in, sign-up, password change and public trigger endpoints (ACC-4).
 */
@Component
public class RateLimiter {

    /** A named limit: {@code capacity} attempts, refilled in full every {@code period}. */
    public record Limit(String name, int capacity, Duration period) {}

    private record Entry(Bucket bucket, long capacity) {}

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    /** Takes one attempt or throws {@link RateLimitedException}. */
    public void check(Limit limit, String key) {
        Bucket bucket = buckets.computeIfAbsent(limit.name() + '\u0000' + key, k -> new Entry(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period()).build())
                .build(), limit.capacity())).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(limit.name(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Forgets buckets that have refilled completely, so memory stays bounded by recent callers. */
    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdle() {
        buckets.values().removeIf(e -> e.bucket().getAvailableTokens() >= e.capacity());
    }
}

package dev.charter.egress.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-destination rate limits: a token bucket per (organization, purpose, host) holding {@code perMinute} tokens,
 * refilled continuously. Reads time from the injected clock. Held in this node's memory.
 */
final class RateLimits {

    private static final class Bucket {
        double tokens;
        long updatedMillis;
        int capacity;
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Clock clock) {
        this.clock = clock;
    }

    /** Takes a token; false when the bucket is empty. */
    boolean tryAcquire(String key, int perMinute) {
        long now = clock.millis();
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket n = new Bucket();
            n.tokens = perMinute;
            n.updatedMillis = now;
            n.capacity = perMinute;
            return n;
        });
        synchronized (b) {
            b.capacity = perMinute;
            long elapsed = Math.max(0, now - b.updatedMillis);
            b.tokens = Math.min(perMinute, b.tokens + elapsed * perMinute / 60_000.0);
            b.updatedMillis = now;
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    /** Forgets full buckets so memory stays bounded by recent destinations. */
    void forgetIdle() {
        long now = clock.millis();
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return b.tokens + (now - b.updatedMillis) * b.capacity / 60_000.0 >= b.capacity;
            }
        });
    }
}

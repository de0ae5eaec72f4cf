package dev.charter.ai;

import java.time.LocalDate;

/**
 * What one organization spent on one day (UTC) with one provider: counts only.
 *
 * @param requests      answered requests
 * @param errors        model calls that failed (refused, rate limited, overloaded, timed out, unreadable)
 * @param latencyMillis the answered requests' latencies added up; divide by {@code requests} for the mean
 */
public record AiUsageDay(LocalDate day, AiProvider provider, long requests, long inputTokens, long outputTokens,
                         long errors, long latencyMillis) {

    public AiUsageDay(LocalDate day, AiProvider provider, long requests, long inputTokens, long outputTokens) {
        this(day, provider, requests, inputTokens, outputTokens, 0, 0);
    }

    /** The mean latency of the answered requests, in milliseconds; 0 without any. */
    public long meanLatencyMillis() {
        return requests == 0 ? 0 : latencyMillis / requests;
    }
}

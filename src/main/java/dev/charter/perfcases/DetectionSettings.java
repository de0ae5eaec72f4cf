package dev.charter.perfcases;

import java.time.Duration;

/**
 * How a connection's regressions are told from noise.
 *
 * @param lookback   how far back each pass reads (the window in which versions are compared)
 * @param step       one sample per step and version: the rate window and the query step, so samples do not overlap
 * @param minSamples samples each version needs before it is compared
 * @param minEffect  smallest relative change of the median that counts (0.05 = 5 %); for the error rate, the
 *                   smallest absolute increase of the rate (0.05 = five more errors in a hundred requests)
 * @param alpha      largest one-sided p-value of the Mann-Whitney U test that counts
 * @param checkEvery how often the scheduler runs a pass over this connection
 * (a field left out of a request takes its default)
 */
public record DetectionSettings(Duration lookback, Duration step, Integer minSamples, Double minEffect, Double alpha,
                                Duration checkEvery) {

    public static DetectionSettings defaults() {
        return new DetectionSettings(Duration.ofMinutes(30), Duration.ofSeconds(30), 12, 0.05, 0.01, Duration.ofSeconds(30));
    }
}

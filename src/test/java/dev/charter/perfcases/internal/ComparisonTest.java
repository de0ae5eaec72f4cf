package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.Metric;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The statistics that tell a regression from noise (PRF-8), on samples with a fixed seed. */
class ComparisonTest {

    static final DetectionSettings SETTINGS = new DetectionSettings(Duration.ofMinutes(30), Duration.ofSeconds(30), 12, 0.05,
            0.01, Duration.ofSeconds(30));

    static double[] samples(Random r, int n, double median, double noise) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = median * Math.exp(noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    @Tag("claim:PRF-8")
    void aThirtyPercentSlowerVersionIsARegression() {
        Random r = new Random(7);
        Comparison c = Comparison.of(Metric.LATENCY_P95, samples(r, 30, 0.1, 0.05), samples(r, 30, 0.13, 0.05), SETTINGS);
        assertThat(c.regression()).isTrue();
        assertThat(c.pValue()).isLessThanOrEqualTo(0.01);
        assertThat(c.effect()).isBetween(0.2, 0.4);
    }

    @Test
    @Tag("claim:PRF-8")
    void noiseOpensNothingInAThousandTries() {
        Random r = new Random(11);
        int regressions = 0;
        for (int i = 0; i < 1000; i++) {
            if (Comparison.of(Metric.LATENCY_P95, samples(r, 30, 0.1, 0.03), samples(r, 30, 0.1, 0.03), SETTINGS).regression()) {
                regressions++;
            }
        }
        assertThat(regressions).isZero();
    }

    @Test
    @Tag("claim:PRF-8")
    void aSignificantChangeBelowTheMinimumEffectIsNotARegression() {
        Random r = new Random(3);
        Comparison c = Comparison.of(Metric.LATENCY_P95, samples(r, 400, 0.1, 0.01), samples(r, 400, 0.102, 0.01), SETTINGS);
        assertThat(c.pValue()).isLessThan(0.01);
        assertThat(c.regression()).as("2 %% is below the 5 %% minimum effect").isFalse();
    }

    @Test
    @Tag("claim:PRF-8")
    void tooFewSamplesAreNotCompared() {
        Random r = new Random(5);
        Comparison c = Comparison.of(Metric.LATENCY_P95, samples(r, 30, 0.1, 0.05), samples(r, 11, 0.2, 0.05), SETTINGS);
        assertThat(c.regression()).isFalse();
        assertThat(c.verdict()).startsWith("not enough samples");
    }

    @Test
    @Tag("claim:PRF-8")
    void directionFollowsTheMetric() {
        Random r = new Random(9);
        double[] before = samples(r, 30, 100, 0.05);
        double[] after = samples(r, 30, 70, 0.05);
        assertThat(Comparison.of(Metric.THROUGHPUT, before, after, SETTINGS).regression()).as("less throughput is worse").isTrue();
        assertThat(Comparison.of(Metric.LATENCY_MEAN, before, after, SETTINGS).regression()).as("less latency is better").isFalse();
    }

    @Test
    @Tag("claim:PRF-8")
    void tiedSamplesAreHandled() {
        double[] zeros = new double[20];
        double[] some = new double[20];
        for (int i = 0; i < 20; i++) {
            some[i] = i % 2 == 0 ? 0.2 : 0.1;
        }
        assertThat(Comparison.of(Metric.ERROR_RATE, zeros, zeros, SETTINGS).regression()).isFalse();
        assertThat(Comparison.of(Metric.ERROR_RATE, zeros, some, SETTINGS).regression()).isTrue();
    }

    @Test
    @Tag("claim:PRF-8")
    void eachMetricOfAVersionPairIsHeldToItsShareOfAlpha() {
        Random r = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            double[] before = samples(r, 13, 0.1, 0.05);
            double[] after = samples(r, 13, 0.106, 0.05);
            Comparison alone = Comparison.of(Metric.LATENCY_P95, before, after, SETTINGS);
            if (alone.regression() && alone.pValue() > 0.01 / 4) {
                assertThat(Comparison.of(Metric.LATENCY_P95, before, after, SETTINGS, 4).regression())
                        .as("p = %s passes 0.01 alone, not 0.01 shared by four metrics", alone.pValue()).isFalse();
                return;
            }
        }
        throw new AssertionError("no borderline pair in 10,000 draws");
    }
}

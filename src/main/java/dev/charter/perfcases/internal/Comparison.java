package dev.charter.perfcases.internal;

import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.Metric;
import java.util.Arrays;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The statistics of one metric of two versions (PRF-8): each version's samples (one per step, from
 * non-overlapping windows), a one-sided Mann-Whitney U test in the direction that is worse for the metric (ties
 * handled by commons-math3's normal approximation with tie correction) and the change of the median. A regression
 * needs enough samples on both sides, a p-value at most {@code alpha} and a change at least {@code minEffect}:
 * relative for latency, throughput and CPU, absolute for the error rate.
 *
 * <p>One pass compares every metric of a version pair, so the p-value of each is held to {@code alpha} divided by
 * the number of metrics compared (Bonferroni): the chance that noise opens any case for a pair stays at most
 * {@code alpha}, instead of growing with each metric the grant adds.
 *
 * @param effect the change in the worse direction (0.12 = 12 % worse; for the error rate, 0.12 more errors per request)
 */
record Comparison(Metric metric, int baselineSamples, int candidateSamples, double baselineMedian, double candidateMedian,
                  double effect, double u, double pValue, boolean regression, String verdict) {

    static Comparison of(Metric metric, double[] baseline, double[] candidate, DetectionSettings s) {
        return of(metric, baseline, candidate, s, 1);
    }

    /** As {@link #of(Metric, double[], double[], DetectionSettings)}, as one of {@code family} metrics of a version pair. */
    static Comparison of(Metric metric, double[] baseline, double[] candidate, DetectionSettings s, int family) {
        int nb = baseline.length;
        int nc = candidate.length;
        double mb = median(baseline);
        double mc = median(candidate);
        if (nb < s.minSamples() || nc < s.minSamples()) {
            return new Comparison(metric, nb, nc, mb, mc, Double.NaN, Double.NaN, Double.NaN, false,
                    "not enough samples yet (" + Math.min(nb, nc) + " of " + s.minSamples() + ")");
        }
        double change = metric.higherIsWorse() ? mc - mb : mb - mc;
        double effect = metric == Metric.ERROR_RATE ? change : mb == 0 ? (change > 0 ? Double.POSITIVE_INFINITY : 0) : change / Math.abs(mb);
        MannWhitneyUTest test = new MannWhitneyUTest();
        double u = test.mannWhitneyU(baseline, candidate);
        double twoSided = allEqual(baseline, candidate) ? 1.0 : test.mannWhitneyUTest(baseline, candidate);
        double oneSided = change > 0 ? twoSided / 2 : 1 - twoSided / 2;
        boolean significant = oneSided <= s.alpha() / Math.max(1, family);
        boolean large = effect >= s.minEffect();
        String verdict = significant && large ? "regression"
                : !large ? "change below the minimum effect" : "not significant";
        return new Comparison(metric, nb, nc, mb, mc, effect, u, oneSided, significant && large, verdict);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    private static boolean allEqual(double[] a, double[] b) {
        double first = a.length > 0 ? a[0] : b[0];
        return Arrays.stream(a).allMatch(x -> x == first) && Arrays.stream(b).allMatch(x -> x == first);
    }
}

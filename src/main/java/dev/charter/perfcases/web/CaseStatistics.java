package dev.charter.perfcases.web;

import dev.charter.perfcases.Metric;
import dev.charter.perfcases.PerfCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A case's statistics as a person reads them: named rows in a fixed order, medians in the metric's unit, the change
 * as a percentage (points for the error rate), the p-value against the threshold it had to meet. The evidence's
 * keys stay on each row ({@code data-statistic}) for tests and scripts; a key this list does not know is shown as it is.
 */
final class CaseStatistics {

    /** One row: the evidence key, what it is called, and its value as text. */
    record Row(String key, String label, String value) {}

    private CaseStatistics() {}

    static List<Row> rows(PerfCase c) {
        Object raw = c.evidence().get("statistics");
        if (!(raw instanceof Map<?, ?> map)) {
            return List.of();
        }
        Map<String, Object> s = new LinkedHashMap<>();
        map.forEach((k, v) -> s.put(String.valueOf(k), v));
        Metric m = c.metric();
        List<Row> rows = new ArrayList<>();
        add(rows, s, "verdict", "Verdict", String::valueOf);
        add(rows, s, "baselineMedian", "Median of " + c.baselineVersion(), v -> amount(v, m));
        add(rows, s, "candidateMedian", "Median of " + c.candidateVersion(), v -> amount(v, m));
        add(rows, s, "effect", m == Metric.ERROR_RATE ? "Change (points)" : "Change", v -> effect(v, m));
        add(rows, s, "pValue", "p-value", v -> number(v, "%.2g") + (s.get("alphaPerMetric") instanceof Number a
                ? " (a case needs ≤ " + String.format(Locale.ROOT, "%.2g", a.doubleValue()) + ")" : ""));
        add(rows, s, "baselineSamples", "Samples of " + c.baselineVersion(), String::valueOf);
        add(rows, s, "candidateSamples", "Samples of " + c.candidateVersion(), String::valueOf);
        add(rows, s, "test", "Test", String::valueOf);
        add(rows, s, "u", "U statistic", v -> number(v, "%.1f"));
        add(rows, s, "minSamples", "Minimum samples", String::valueOf);
        add(rows, s, "minEffect", "Minimum effect", v -> m == Metric.ERROR_RATE ? number(v, "%.3f") : percent(v));
        add(rows, s, "alpha", "Significance level (α)", String::valueOf);
        s.remove("alphaPerMetric");
        add(rows, s, "step", "Step", String::valueOf);
        s.forEach((k, v) -> rows.add(new Row(k, k, String.valueOf(v))));
        return rows;
    }

    private static void add(List<Row> rows, Map<String, Object> s, String key, String label,
                            java.util.function.Function<Object, String> format) {
        if (s.containsKey(key)) {
            Object v = s.remove(key);
            rows.add(new Row(key, label, v == null ? "–" : format.apply(v)));
        }
    }

    private static String amount(Object v, Metric m) {
        if (!(v instanceof Number n)) {
            return String.valueOf(v);
        }
        double x = n.doubleValue();
        if (m == Metric.ERROR_RATE) {
            return String.format(Locale.ROOT, "%.2f %%", x * 100);
        }
        if (m.unit().equals("s") && Math.abs(x) < 1) {
            return String.format(Locale.ROOT, "%.1f ms", x * 1000);
        }
        return String.format(Locale.ROOT, "%.3f %s", x, m.unit()).strip();
    }

    /** The effect is the change in the worse direction: positive is worse, whichever way the metric goes. */
    private static String effect(Object v, Metric m) {
        if (!(v instanceof Number n)) {
            return String.valueOf(v);
        }
        double x = n.doubleValue();
        if (Double.isInfinite(x)) {
            return "worse (from zero)";
        }
        String way = x > 0 ? "worse" : x < 0 ? "better" : "no change";
        return m == Metric.ERROR_RATE ? String.format(Locale.ROOT, "%.2f points %s", Math.abs(x) * 100, way)
                : String.format(Locale.ROOT, "%.1f %% %s", Math.abs(x) * 100, way);
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f %%", n.doubleValue() * 100) : String.valueOf(v);
    }

    private static String number(Object v, String format) {
        return v instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : String.valueOf(v);
    }
}

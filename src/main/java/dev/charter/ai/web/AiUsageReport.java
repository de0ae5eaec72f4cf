package dev.charter.ai.web;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiStatus;
import dev.charter.ai.AiUsageDay;
import dev.charter.shared.OrgId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization's AI usage over a period, as the API answers it and the page shows it.
 *
 * @param status  which provider is active, the budget and today's spending
 * @param from    first day (UTC), included
 * @param to      last day (UTC), included
 * @param days    one entry per day and provider that saw requests, oldest first
 * @param totals  the period's sums per provider
 */
record AiUsageReport(AiStatus status, LocalDate from, LocalDate to, List<AiUsageDay> days, Map<AiProvider, Total> totals) {

    /** Sums of one provider over the period. */
    record Total(long requests, long inputTokens, long outputTokens, long errors, long latencyMillis) {
        Total plus(AiUsageDay d) {
            return new Total(requests + d.requests(), inputTokens + d.inputTokens(), outputTokens + d.outputTokens(),
                    errors + d.errors(), latencyMillis + d.latencyMillis());
        }

        /** The mean latency of the answered requests, in milliseconds. */
        public long meanLatencyMillis() {
            return requests == 0 ? 0 : latencyMillis / requests;
        }
    }

    static AiUsageReport of(AiGateway ai, OrgId org, LocalDate from, LocalDate to) {
        List<AiUsageDay> days = ai.usage(org, from, to);
        Map<AiProvider, Total> totals = new EnumMap<>(AiProvider.class);
        for (AiUsageDay d : days) {
            totals.merge(d.provider(), new Total(0, 0, 0, 0, 0).plus(d), (a, b) -> new Total(a.requests() + b.requests(),
                    a.inputTokens() + b.inputTokens(), a.outputTokens() + b.outputTokens(), a.errors() + b.errors(),
                    a.latencyMillis() + b.latencyMillis()));
        }
        return new AiUsageReport(ai.status(org), from, to, days, totals);
    }

    /**
     * The chart's data: one label per day of the period and, per provider that was used, its tokens (input plus
     * output) on each day.
     */
    Map<String, Object> chart() {
        List<String> labels = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            labels.add(d.toString());
        }
        Map<String, long[]> series = new LinkedHashMap<>();
        for (AiProvider p : AiProvider.values()) {
            if (totals.containsKey(p)) {
                series.put(p.name(), new long[labels.size()]);
            }
        }
        for (AiUsageDay d : days) {
            int i = (int) (d.day().toEpochDay() - from.toEpochDay());
            series.get(d.provider().name())[i] += d.inputTokens() + d.outputTokens();
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", labels);
        chart.put("series", series);
        return chart;
    }
}

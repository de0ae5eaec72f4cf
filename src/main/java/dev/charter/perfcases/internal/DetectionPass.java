package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.perfcases.Metric;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One detection pass over a connection (PRF-8). Versions are noticed from the telemetry itself: one range query per
 * metric over the lookback window answers every service and version at once (so a pass costs the same few queries
 * however many services there are). Per service, the newest version (by when it was first seen) is compared with the
 * one seen before it on every metric; a regression opens a case, once.
 */
@Component
class DetectionPass {

    private static final Logger log = LoggerFactory.getLogger(DetectionPass.class);
    static final int MAX_CHART_POINTS = 400;

    /** What a pass found. */
    record Outcome(int queries, int services, int comparisons, List<PerfCase> opened) {}

    /** The samples of one service version, per metric. */
    record VersionSamples(String version, long firstSeen, long lastSeen, Map<Metric, List<PrometheusClient.Point>> points) {}

    private final PrometheusClient prometheus;
    private final VersionRepository versions;
    private final CaseRepository cases;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    DetectionPass(PrometheusClient prometheus, VersionRepository versions, CaseRepository cases, AuditLog audit, Clock clock,
                  PlatformTransactionManager transactions) {
        this.prometheus = prometheus;
        this.versions = versions;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    Outcome run(TelemetryConnection c, UserId actor) {
        Instant end = clock.instant();
        Map<String, Map<String, VersionSamples>> byService = read(c, end, null, actor);
        int queries = queriesPerPass(c);
        Map<String, Instant> known = new java.util.HashMap<>();
        versions.list(c.org(), c.id()).forEach(r -> known.put(r.service() + "\u0000" + r.version(), r.firstSeenAt()));
        List<PerfCase> opened = new ArrayList<>();
        int comparisons = 0;
        for (var service : byService.entrySet()) {
            List<VersionSamples> ordered = new ArrayList<>(service.getValue().values());
            ordered.sort(Comparator.comparing((VersionSamples v) -> firstSeen(known, service.getKey(), v))
                    .thenComparing(VersionSamples::version));
            tx.executeWithoutResult(s -> ordered.forEach(v -> versions.upsert(c.org(), new VersionRepository.Row(c.id(),
                    service.getKey(), v.version(), Instant.ofEpochSecond(v.firstSeen()), Instant.ofEpochSecond(v.lastSeen()),
                    summary(v)))));
            if (ordered.size() < 2) {
                continue;
            }
            VersionSamples baseline = ordered.get(ordered.size() - 2);
            VersionSamples candidate = ordered.get(ordered.size() - 1);
            for (Metric m : Metric.values()) {
                if (!baseline.points().containsKey(m) && !candidate.points().containsKey(m)) {
                    continue;
                }
                comparisons++;
                Comparison cmp = compare(c, m, baseline, candidate);
                if (cmp.regression()) {
                    PerfCase pc = newCase(c, service.getKey(), m, baseline, candidate, cmp, "DETECTED", clock.instant());
                    boolean inserted = Boolean.TRUE.equals(tx.execute(s -> {
                        if (!cases.insert(c.org(), pc, actor == null ? null : actor.value())) {
                            return false;
                        }
                        audit.record(AuditEvent.of(c.org(), actor == null ? null : actor.value(), "perfcases.case.opened",
                                        "perfcase:" + pc.id()).with("origin", "DETECTED").with("service", pc.service())
                                .with("metric", m.name()).with("baseline", pc.baselineVersion())
                                .with("candidate", pc.candidateVersion()).with("p", String.format("%.3g", cmp.pValue()))
                                .with("effect", String.format("%.3f", cmp.effect())));
                        return true;
                    }));
                    if (inserted) {
                        opened.add(pc);
                    }
                }
            }
        }
        log.debug("Perf cases pass over connection {}: {} services, {} comparisons, {} cases opened", c.id(),
                byService.size(), comparisons, opened.size());
        return new Outcome(queries, byService.size(), comparisons, opened);
    }

    /** The queries one pass sends: one per metric the grant has. */
    static int queriesPerPass(TelemetryConnection c) {
        return c.grant().cpuMetric() == null ? Metric.values().length - 1 : Metric.values().length;
    }

    /**
     * Every metric's series per service and version over the lookback window ending at {@code end}; each query is
     * audited under {@code caseId}.
     */
    Map<String, Map<String, VersionSamples>> read(TelemetryConnection c, Instant end, UUID caseId, UserId actor) {
        MetricGrant g = c.grant();
        PromQueries q = new PromQueries(g, c.detection().step());
        Instant start = end.minus(c.detection().lookback());
        Map<String, Map<String, VersionSamples>> byService = new TreeMap<>();
        for (Metric m : Metric.values()) {
            Aggregate a = q.of(m);
            if (a == null) {
                continue;
            }
            for (PrometheusClient.Series s : prometheus.queryRange(c.org(), c.id(), a, start, end, c.detection().step(), caseId,
                    actor)) {
                String service = s.labels().get(g.serviceLabel());
                String version = s.labels().get(g.versionLabel());
                if (service == null || version == null || s.points().isEmpty()) {
                    continue;
                }
                String svc = cut(service);
                String ver = cut(version);
                VersionSamples prev = byService.computeIfAbsent(svc, k -> new TreeMap<>()).get(ver);
                long first = s.points().get(0).epochSeconds();
                long last = s.points().get(s.points().size() - 1).epochSeconds();
                Map<Metric, List<PrometheusClient.Point>> points = prev == null ? new LinkedHashMap<>() : prev.points();
                points.put(m, s.points());
                byService.get(svc).put(ver, new VersionSamples(ver, prev == null ? first : Math.min(prev.firstSeen(), first),
                        prev == null ? last : Math.max(prev.lastSeen(), last), points));
            }
        }
        return byService;
    }

    static Comparison compare(TelemetryConnection c, Metric m, VersionSamples baseline, VersionSamples candidate) {
        return Comparison.of(m, values(baseline.points().get(m)), values(candidate.points().get(m)), c.detection(),
                queriesPerPass(c));
    }

    static PerfCase newCase(TelemetryConnection c, String service, Metric m, VersionSamples baseline,
                            VersionSamples candidate, Comparison cmp, String origin, Instant at) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("test", "Mann-Whitney U, one-sided");
        stats.put("baselineSamples", cmp.baselineSamples());
        stats.put("candidateSamples", cmp.candidateSamples());
        stats.put("baselineMedian", finite(cmp.baselineMedian()));
        stats.put("candidateMedian", finite(cmp.candidateMedian()));
        stats.put("effect", finite(cmp.effect()));
        stats.put("u", finite(cmp.u()));
        stats.put("pValue", finite(cmp.pValue()));
        stats.put("verdict", cmp.verdict());
        stats.put("minSamples", c.detection().minSamples());
        stats.put("minEffect", c.detection().minEffect());
        stats.put("alpha", c.detection().alpha());
        stats.put("alphaPerMetric", c.detection().alpha() / queriesPerPass(c));
        stats.put("step", c.detection().step().toString());
        evidence.put("statistics", stats);
        evidence.put("baseline", chart(baseline.points().get(m)));
        evidence.put("candidate", chart(candidate.points().get(m)));
        String title = m.title() + " of " + service + " " + (cmp.regression() ? "worse" : "compared") + " in "
                + candidate.version() + " than in " + baseline.version()
                + (Double.isFinite(cmp.effect()) && m != Metric.ERROR_RATE ? String.format(" (%+.1f %%)", cmp.effect() * 100) : "");
        return new PerfCase(UUID.randomUUID(), c.id(), service, m, baseline.version(), candidate.version(), origin, "OPEN",
                title.length() > 200 ? title.substring(0, 200) : title, evidence, at, null);
    }

    private static Map<String, Object> summary(VersionSamples v) {
        Map<String, Object> out = new LinkedHashMap<>();
        v.points().forEach((m, pts) -> {
            double[] x = values(pts);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("samples", x.length);
            s.put("median", finite(Comparison.median(x)));
            s.put("p95", finite(Comparison.quantile(x, 0.95)));
            s.put("min", finite(x.length == 0 ? Double.NaN : java.util.Arrays.stream(x).min().getAsDouble()));
            s.put("max", finite(x.length == 0 ? Double.NaN : java.util.Arrays.stream(x).max().getAsDouble()));
            s.put("series", chart(pts));
            out.put(m.name(), s);
        });
        return out;
    }

    /** The aggregated series for a chart: [epoch seconds, value] pairs, thinned to at most {@link #MAX_CHART_POINTS}. */
    private static List<List<Number>> chart(List<PrometheusClient.Point> points) {
        List<List<Number>> out = new ArrayList<>();
        if (points == null) {
            return out;
        }
        int every = Math.max(1, (points.size() + MAX_CHART_POINTS - 1) / MAX_CHART_POINTS);
        for (int i = 0; i < points.size(); i += every) {
            out.add(List.of(points.get(i).epochSeconds(), points.get(i).value()));
        }
        return out;
    }

    private static double[] values(List<PrometheusClient.Point> points) {
        return points == null ? new double[0] : points.stream().mapToDouble(PrometheusClient.Point::value).toArray();
    }

    private static Instant firstSeen(Map<String, Instant> known, String service, VersionSamples v) {
        Instant seen = Instant.ofEpochSecond(v.firstSeen());
        Instant stored = known.get(service + "\u0000" + v.version());
        return stored != null && stored.isBefore(seen) ? stored : seen;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}

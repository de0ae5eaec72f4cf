package dev.charter.perfcases.internal;

import dev.charter.perfcases.Metric;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the pages show of the stored aggregates: each service with its versions, oldest first. */
@Component
public class PerfcasesViews {

    /** One version as a page shows it: per metric its sample count, median and p95 of the samples, and its series. */
    public record VersionView(String version, Instant firstSeenAt, Instant lastSeenAt, Map<String, Object> summary) {
        public Object median(Metric m) {
            return summary.get(m.name()) instanceof Map<?, ?> s ? s.get("median") : null;
        }

        public Object samples(Metric m) {
            return summary.get(m.name()) instanceof Map<?, ?> s ? s.get("samples") : null;
        }
    }

    public record ServiceView(String service, List<VersionView> versions) {}

    private final VersionRepository versions;

    PerfcasesViews(VersionRepository versions) {
        this.versions = versions;
    }

    public List<ServiceView> services(OrgId org, UUID connectionId) {
        Map<String, List<VersionView>> byService = new LinkedHashMap<>();
        for (VersionRepository.Row r : versions.list(org, connectionId)) {
            byService.computeIfAbsent(r.service(), k -> new ArrayList<>())
                    .add(new VersionView(r.version(), r.firstSeenAt(), r.lastSeenAt(), r.summary()));
        }
        return byService.entrySet().stream().map(e -> new ServiceView(e.getKey(), e.getValue())).toList();
    }

    /** The p95 latency series of every version of every service, for the comparison charts. */
    public static Map<String, Object> charts(List<ServiceView> services) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ServiceView s : services) {
            Map<String, Object> perVersion = new LinkedHashMap<>();
            for (VersionView v : s.versions()) {
                if (v.summary().get(Metric.LATENCY_P95.name()) instanceof Map<?, ?> m && m.get("series") != null) {
                    perVersion.put(v.version(), m.get("series"));
                }
            }
            out.put(s.service(), perVersion);
        }
        return out;
    }
}

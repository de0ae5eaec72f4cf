package dev.charter.perfcases.internal;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AccessScope;
import dev.charter.perfcases.CaseTraces;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.SpanAggregate;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryKind;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads a case's span aggregates from a trace connection (PRF-2). The attribute keys approved for the case (PRF-10)
 * are read again just before the queries; without any, spans are grouped by version and span name alone. When no
 * route split was ever proposed on the case, Charter proposes {@code http.route}, naming the span that slowed most.
 */
@Service
class CaseTraceService implements CaseTraces {

    static final String ROUTE = "http.route";

    private final CaseRepository cases;
    private final TelemetryConnectionRepository connections;
    private final AccessProposalService proposals;
    private final TempoClient tempo;
    private final JaegerClient jaeger;
    private final SpanAggregateRepository aggregates;
    private final Clock clock;
    private final TransactionTemplate tx;

    CaseTraceService(CaseRepository cases, TelemetryConnectionRepository connections, AccessProposalService proposals,
                     TempoClient tempo, JaegerClient jaeger, SpanAggregateRepository aggregates, Clock clock,
                     PlatformTransactionManager transactions) {
        this.cases = cases;
        this.connections = connections;
        this.proposals = proposals;
        this.tempo = tempo;
        this.jaeger = jaeger;
        this.aggregates = aggregates;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<SpanAggregate> read(CurrentUser me, UUID caseId, UUID connectionId) {
        OrgId org = me.orgId();
        PerfCase pc = cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        if (connectionId == null) {
            throw new InvalidInputException("connectionId", "Choose a Tempo or Jaeger connection.");
        }
        TelemetryConnection c = connections.find(org, connectionId).orElseThrow(() -> new NotFoundException("Telemetry connection"));
        if (!c.kind().traces()) {
            throw new InvalidInputException("connectionId", "Choose a Tempo or Jaeger connection; " + c.kind().title()
                    + " has no spans.");
        }
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        Set<String> approved = proposals.approved(org, caseId, connectionId, AccessScope.TRACE_ATTRIBUTE);
        Instant end = clock.instant();
        Instant start = end.minus(c.detection().lookback());
        List<SpanAggregate> read = c.kind() == TelemetryKind.TEMPO
                ? tempo(org, c, pc, approved, start, end, me.userId())
                : jaeger(org, c, pc, approved, start, end, me.userId());
        tx.executeWithoutResult(s -> aggregates.replace(org, caseId, connectionId, read, end));
        proposeRoute(org, pc, c, approved, read);
        return aggregates.list(org, caseId).stream().filter(a -> a.connectionId().equals(connectionId)).toList();
    }

    @Override
    public List<SpanAggregate> list(OrgId org, UUID caseId) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        return aggregates.list(org, caseId);
    }

    private List<SpanAggregate> tempo(OrgId org, TelemetryConnection c, PerfCase pc, Set<String> approved, Instant start,
                                      Instant end, UserId actor) {
        TraceQlQueries.Read q = TraceQlQueries.read(pc.service(), pc.baselineVersion(), pc.candidateVersion(), approved);
        Map<Map<String, String>, long[]> counts = new LinkedHashMap<>();
        for (TempoClient.Series s : tempo.query(org, c.id(), q.counts(), q.groupBy(), start, end, true, pc.id(), actor)) {
            counts.computeIfAbsent(group(s.labels(), q.groupBy()), k -> new long[2])[0] += Math.round(s.value());
        }
        for (TempoClient.Series s : tempo.query(org, c.id(), q.errors(), q.groupBy(), start, end, true, pc.id(), actor)) {
            long[] n = counts.get(group(s.labels(), q.groupBy()));
            if (n != null) {
                n[1] += Math.round(s.value());
            }
        }
        Map<Map<String, String>, Double[]> quantiles = new LinkedHashMap<>();
        for (TempoClient.Series s : tempo.query(org, c.id(), q.durations(), q.groupBy(), start, end, false, pc.id(), actor)) {
            int at = quantileIndex(s.labels().get("p"));
            if (at >= 0) {
                quantiles.computeIfAbsent(group(s.labels(), q.groupBy()), k -> new Double[3])[at] = s.value();
            }
        }
        List<SpanAggregate> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            Map<String, String> g = e.getKey();
            String version = g.get(TraceQlQueries.VERSION);
            String name = g.get(TraceQlQueries.NAME);
            if (version == null || name == null || !(version.equals(pc.baselineVersion()) || version.equals(pc.candidateVersion()))) {
                continue;
            }
            Map<String, String> attributes = new TreeMap<>();
            for (String key : approved) {
                String v = g.get(TraceQlQueries.attribute(key));
                if (v != null) {
                    attributes.put(key, v);
                }
            }
            Double[] p = quantiles.getOrDefault(g, new Double[3]);
            long count = e.getValue()[0];
            out.add(new SpanAggregate(c.id(), pc.service(), version, name, attributes, count,
                    Math.min(count, e.getValue()[1]), p[0], p[1], p[2], start, end));
        }
        return SpanStats.cut(out);
    }

    private List<SpanAggregate> jaeger(OrgId org, TelemetryConnection c, PerfCase pc, Set<String> approved, Instant start,
                                       Instant end, UserId actor) {
        if (!jaeger.services(org, c.id(), pc.id(), actor).contains(pc.service())) {
            throw new ConflictException("The Jaeger source knows no service " + pc.service() + ".");
        }
        List<TraceSpan> spans = jaeger.spans(org, c.id(), pc.service(), Set.of(pc.baselineVersion(), pc.candidateVersion()),
                approved, start, end, pc.id(), actor);
        return SpanStats.aggregate(c.id(), spans, start, end);
    }

    /** The labels of a series that name its group (the version, the span name, the approved attributes). */
    private static Map<String, String> group(Map<String, String> labels, List<String> groupBy) {
        Map<String, String> g = new TreeMap<>();
        for (String key : groupBy) {
            String v = labels.get(key);
            if (v != null) {
                g.put(key, v);
            }
        }
        return g;
    }

    private static int quantileIndex(String p) {
        if (p == null) {
            return -1;
        }
        try {
            double q = Double.parseDouble(p);
            return q == 0.5 ? 0 : q == 0.95 ? 1 : q == 0.99 ? 2 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void proposeRoute(OrgId org, PerfCase pc, TelemetryConnection c, Set<String> approved, List<SpanAggregate> read) {
        if (approved.contains(ROUTE) || proposals.everProposed(org, pc.id(), c.id(), AccessScope.TRACE_ATTRIBUTE, ROUTE)) {
            return;
        }
        Object[] slowed = SpanStats.mostSlowed(read, pc.baselineVersion(), pc.candidateVersion());
        if (slowed == null || (double) slowed[2] <= (double) slowed[1]) {
            return;
        }
        String why = String.format(Locale.ROOT, "The p95 of span \"%s\" of %s grew from %.3f s in %s to %.3f s in %s. "
                        + "Grouping its spans by %s would show which routes slowed down; no other attribute is read.",
                slowed[0], pc.service(), (double) slowed[1], pc.baselineVersion(), (double) slowed[2], pc.candidateVersion(),
                ROUTE);
        proposals.propose(org, null, pc.id(), c.id(), AccessScope.TRACE_ATTRIBUTE, ROUTE,
                why.length() > AccessProposalService.MAX_JUSTIFICATION ? why.substring(0, AccessProposalService.MAX_JUSTIFICATION) : why);
    }
}

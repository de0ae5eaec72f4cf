package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.Metric;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.PerfCases;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Cases: opened by detection or by a person, read, closed. */
@Service
class PerfCaseService implements PerfCases {

    private final CaseRepository cases;
    private final TelemetryConnectionRepository connections;
    private final DetectionPass detection;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    PerfCaseService(CaseRepository cases, TelemetryConnectionRepository connections, DetectionPass detection, AuditLog audit,
                    Clock clock, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.connections = connections;
        this.detection = detection;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<PerfCase> list(OrgId org) {
        return cases.list(org, 500);
    }

    @Override
    public PerfCase get(OrgId org, UUID id) {
        return cases.find(org, id).orElseThrow(() -> new NotFoundException("Case"));
    }

    @Override
    public PerfCase open(CurrentUser me, UUID connectionId, String service, Metric metric, String baselineVersion,
                         String candidateVersion) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (blank(service)) {
            errors.put("service", "Name the service.");
        }
        if (metric == null) {
            errors.put("metric", "Choose LATENCY_P95, LATENCY_MEAN, ERROR_RATE, THROUGHPUT or CPU.");
        }
        if (blank(baselineVersion)) {
            errors.put("baselineVersion", "Name the version to compare against.");
        }
        if (blank(candidateVersion)) {
            errors.put("candidateVersion", "Name the version to examine.");
        } else if (candidateVersion.equals(baselineVersion)) {
            errors.put("candidateVersion", "Choose two different versions.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        TelemetryConnection c = connections.find(me.orgId(), connectionId)
                .orElseThrow(() -> new NotFoundException("Telemetry connection"));
        if (!c.kind().metrics()) {
            throw new InvalidInputException("connectionId", "Open a case on a Prometheus connection; a trace or profile "
                    + "connection is read for a case once it is open.");
        }
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        UUID caseId = UUID.randomUUID();
        var byService = detection.read(c, clock.instant(), caseId, me.userId()).get(service);
        DetectionPass.VersionSamples baseline = byService == null ? null : byService.get(baselineVersion);
        DetectionPass.VersionSamples candidate = byService == null ? null : byService.get(candidateVersion);
        if (baseline == null || candidate == null) {
            throw new InvalidInputException(baseline == null ? "baselineVersion" : "candidateVersion",
                    "The source has no " + metric.title() + " for this version of " + service + " in the last "
                            + c.detection().lookback().toMinutes() + " minutes.");
        }
        Comparison cmp = DetectionPass.compare(c, metric, baseline, candidate);
        PerfCase made = DetectionPass.newCase(c, service, metric, baseline, candidate, cmp, "MANUAL", clock.instant());
        PerfCase withId = new PerfCase(caseId, made.connectionId(), made.service(), made.metric(), made.baselineVersion(),
                made.candidateVersion(), made.origin(), made.status(), made.title(), made.evidence(), made.openedAt(), null);
        tx.executeWithoutResult(s -> {
            cases.insert(me.orgId(), withId, me.userId().value());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.case.opened", "perfcase:" + caseId)
                    .with("origin", "MANUAL").with("service", service).with("metric", metric.name())
                    .with("baseline", baselineVersion).with("candidate", candidateVersion));
        });
        return get(me.orgId(), caseId);
    }

    @Override
    public PerfCase close(CurrentUser me, UUID id) {
        get(me.orgId(), id);
        tx.executeWithoutResult(s -> {
            if (cases.close(me.orgId(), id, clock.instant())) {
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.case.closed", "perfcase:" + id));
            }
        });
        return get(me.orgId(), id);
    }

    @Override
    public int detectNow(CurrentUser me, UUID connectionId) {
        me.requireAdmin();
        TelemetryConnection c = connections.find(me.orgId(), connectionId)
                .orElseThrow(() -> new NotFoundException("Telemetry connection"));
        if (!c.kind().metrics()) {
            throw new ConflictException("A " + c.kind().title() + " connection has no detection pass: it is read for a case.");
        }
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        return detection.run(c, me.userId()).opened().size();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

package dev.charter.perfcases.internal;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Links the audit log's {@code perfcase:} and {@code telemetry-connection:} objects to their pages. */
@Component
class PerfcasesAuditLinks implements AuditObjectLinks {

    private final CaseRepository cases;
    private final TelemetryConnectionRepository connections;

    PerfcasesAuditLinks(CaseRepository cases, TelemetryConnectionRepository connections) {
        this.cases = cases;
        this.connections = connections;
    }

    @Override
    public Map<String, String> links(OrgId org, Collection<String> targets) {
        Map<String, String> out = new HashMap<>();
        var caseIds = targets.stream().map(t -> AuditObjectLinks.idOf(t, "perfcase")).filter(Objects::nonNull).distinct().toList();
        if (!caseIds.isEmpty()) {
            cases.owned(org, caseIds).forEach(id -> out.put("perfcase:" + id, "/perfcases/cases/" + id));
        }
        targets.stream().map(t -> AuditObjectLinks.idOf(t, "telemetry-connection")).filter(Objects::nonNull).distinct()
                .filter(id -> connections.find(org, id).isPresent())
                .forEach(id -> out.put("telemetry-connection:" + id, "/perfcases/connections/" + id));
        return out;
    }
}

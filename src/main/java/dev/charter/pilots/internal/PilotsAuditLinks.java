package dev.charter.pilots.internal;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Links the audit log's {@code pilot:} and {@code run:} objects to their pages, for the organization's own only. */
@Component
class PilotsAuditLinks implements AuditObjectLinks {

    private final PilotRepository pilots;
    private final RunRepository runs;

    PilotsAuditLinks(PilotRepository pilots, RunRepository runs) {
        this.pilots = pilots;
        this.runs = runs;
    }

    @Override
    public Map<String, String> links(OrgId org, Collection<String> targets) {
        Map<String, String> out = new HashMap<>();
        var pilotIds = targets.stream().map(t -> AuditObjectLinks.idOf(t, "pilot")).filter(Objects::nonNull).distinct().toList();
        var runIds = targets.stream().map(t -> AuditObjectLinks.idOf(t, "run")).filter(Objects::nonNull).distinct().toList();
        if (!pilotIds.isEmpty()) {
            pilots.owned(org, pilotIds).forEach(id -> out.put("pilot:" + id, "/pilots/" + id));
        }
        if (!runIds.isEmpty()) {
            runs.owned(org, runIds).forEach(id -> out.put("run:" + id, "/pilots/runs/" + id));
        }
        return out;
    }
}

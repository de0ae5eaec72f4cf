package dev.charter.reviews.calls.internal;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Links the audit log's {@code call:} objects to their analysis pages (while they exist) and the call settings. */
@Component
class CallsAuditLinks implements AuditObjectLinks {

    private final CallRepository calls;

    CallsAuditLinks(CallRepository calls) {
        this.calls = calls;
    }

    @Override
    public Map<String, String> links(OrgId org, Collection<String> targets) {
        Map<String, String> out = new HashMap<>();
        if (targets.contains("calls-settings")) {
            out.put("calls-settings", "/reviews/calls/settings");
        }
        targets.stream().map(t -> AuditObjectLinks.idOf(t, "call")).filter(Objects::nonNull).distinct()
                .forEach(id -> calls.find(org, id).ifPresent(c -> out.put("call:" + id, "/reviews/calls/" + id)));
        return out;
    }
}

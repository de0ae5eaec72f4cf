package dev.charter.perfcases;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/** A log source of one organization, for the ownership test's walk over every route. */
public class PerfcasesLogsOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        var r = owner.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "LOKI", "label", "owned logs",
                "address", "http://127.0.0.1:9"));
        if (r.status() != 201) {
            throw new AssertionError("log source: " + r.status() + " " + r.body());
        }
        return Map.of("logSourceId", r.json().get("id").asString());
    }
}

package dev.charter.pilots;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/** A Pilot and one of its runs, for the ownership test (PIL-9 rides on ACC-3's walk over every route). */
public class PilotsOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        var pilot = PilotFixtures.create(owner.api(), PilotFixtures.threeSteps("owned"));
        String pilotId = pilot.get("id").asString();
        String runId = owner.api().postJson("/api/v1/pilots/" + pilotId + "/runs", Map.of("items", java.util.List.of()))
                .json().get("run").asString();
        // a run's step and which of its values, for the run page's downloads
        return Map.of("pilotId", pilotId, "runId", runId, "position", "0", "part", "output");
    }
}

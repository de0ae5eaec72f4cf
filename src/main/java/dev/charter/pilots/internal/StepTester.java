package dev.charter.pilots.internal;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Service;

/**
 * "Test this step" in the editor: runs the earlier steps and then one step over the sample payload,
 * in memory. Nothing is saved, no run is recorded and nothing is queued; a delay does not wait.
 */
@Service
public class StepTester {

    /** The step's output (pretty JSON) or what went wrong. {@code stoppedBy} names an earlier condition that ended the run. */
    public record Result(boolean ok, String output, String error, String stoppedBy) {}

    private final StepKinds kinds;
    private final PilotService pilots;
    private final JsonMapper json;

    StepTester(StepKinds kinds, PilotService pilots, JsonMapper json) {
        this.kinds = kinds;
        this.pilots = pilots;
        this.json = json;
    }

    public Result test(CurrentUser me, PilotDefinition definition, int index) {
        PilotDefinition d = pilots.normalize(definition);
        if (index < 0 || index >= d.steps().size()) {
            throw new InvalidInputException("step", "There is no step " + (index + 1) + ".");
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trigger", d.samplePayload() == null ? Map.of() : json.treeToValue(d.samplePayload(), Object.class));
        data.put("steps", outputs);
        UUID runId = new UUID(0, 0);
        data.put("run", Map.of("id", runId.toString(), "pilot", "test", "trigger", "TEST"));
        for (int i = 0; i <= index; i++) {
            var step = d.steps().get(i);
            String label = step.name() == null || step.name().isBlank() ? "step " + (i + 1) : step.name();
            var type = kinds.get(step.kind()).orElse(null);
            if (type == null) {
                return new Result(false, null, label + ": unknown step kind '" + step.kind() + "'.", null);
            }
            var problems = type.validate(step.config());
            if (!problems.isEmpty()) {
                return new Result(false, null, label + ": " + String.join(" ", problems.values()), null);
            }
            StepOutcome outcome;
            try {
                outcome = type.execute(new StepContext(me.orgId(), null, runId, i, step.name(), step.config(), data,
                        "test:" + i));
            } catch (Exception e) {
                return new Result(false, null, label + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()), null);
            }
            outputs.put(step.name(), outcome.output());
            if (i == index) {
                return new Result(true, json.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.output()), null,
                        outcome.stopRun() ? label : null);
            }
            if (outcome.stopRun()) {
                return new Result(false, null, null, label);
            }
        }
        throw new IllegalStateException("unreachable");
    }
}

package dev.charter.pilots.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executes a run, step by step, exactly as the Pilot is configured (PIL-1): each step sees the
 * trigger and the outputs of the steps before it, and its input, output, status, timing and error
 * are recorded. A delay leaves the worker and resumes through the queue; a retry resumes at the
 * step that failed, with the same idempotency key.
 */
@Component
class RunExecutor implements JobHandler {

    /** Largest input or output kept per step record; bigger values are summarized. */
    static final int MAX_RECORDED_CHARS = 65_536;

    private final RunRepository runs;
    private final PilotRepository pilots;
    private final StepKinds kinds;
    private final JobQueue queue;
    private final JsonMapper json;
    private final Clock clock;
    private final PilotsSettings settings;

    RunExecutor(RunRepository runs, PilotRepository pilots, StepKinds kinds, JobQueue queue, JsonMapper json, Clock clock,
                PilotsSettings settings) {
        this.runs = runs;
        this.pilots = pilots;
        this.kinds = kinds;
        this.queue = queue;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public String queue() {
        return Runs.QUEUE;
    }

    @Override
    public int concurrency() {
        return settings.runConcurrency();
    }

    @Override
    public void handle(Job job) {
        JsonNode message = json.readTree(job.payload());
        UUID runId = UUID.fromString(message.get("run").asString());
        var run = runs.findForExecution(runId).orElse(null);
        if (run == null || !("QUEUED".equals(run.status()) || "RUNNING".equals(run.status()))) {
            return; // deleted with its Pilot or its organization, or already finished
        }
        OrgId org = new OrgId(run.orgId());
        var pilot = pilots.find(org, run.pilotId()).orElse(null);
        if (pilot == null) {
            return;
        }
        runs.start(runId, clock.instant());
        try {
            execute(job, run, org, pilot);
        } finally {
            runs.trim(pilot.id());
        }
    }

    private void execute(Job job, RunRepository.RunRow run, OrgId org, PilotRepository.PilotRow pilot) {
        UUID runId = run.id();
        List<PilotDefinition.Step> steps = List.of(json.readValue(pilot.steps(), PilotDefinition.Step[].class));

        Map<String, Object> outputs = new LinkedHashMap<>();
        int from = 0;
        for (var done : runs.finishedSteps(runId)) {
            outputs.put(done.name(), done.output() == null ? null : json.readValue(done.output(), Object.class));
            from = Math.max(from, done.position() + 1);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trigger", json.readValue(run.payload(), Object.class));
        data.put("steps", outputs);
        data.put("run", Map.of("id", runId.toString(), "pilot", pilot.id().toString(), "trigger", run.trigger()));

        for (int i = from; i < steps.size(); i++) {
            var step = steps.get(i);
            Instant started = clock.instant();
            String input = record(data);
            StepOutcome outcome;
            try {
                StepType type = kinds.get(step.kind()).orElseThrow(
                        () -> new IllegalStateException("this Charter has no step kind '" + step.kind() + "'"));
                outcome = type.execute(new StepContext(org, pilot.id(), runId, i, step.name(), step.config(), data,
                        runId + ":" + i));
            } catch (RetryableStepFailure e) {
                runs.recordStep(runId, org.value(), i, step.name(), step.kind(), "FAILED", input, null, message(e), started,
                        clock.instant());
                if (job.lastAttempt()) {
                    runs.finish(runId, "FAILED", "step " + step.name() + ": " + message(e), clock.instant());
                    return;
                }
                throw e; // the queue retries the run from this step
            } catch (Exception e) {
                runs.recordStep(runId, org.value(), i, step.name(), step.kind(), "FAILED", input, null, message(e), started,
                        clock.instant());
                runs.finish(runId, "FAILED", "step " + step.name() + ": " + message(e), clock.instant());
                return;
            }
            outputs.put(step.name(), outcome.output());
            runs.recordStep(runId, org.value(), i, step.name(), step.kind(), outcome.stopRun() ? "STOPPED" : "SUCCEEDED",
                    input, record(outcome.output()), null, started, clock.instant());
            if (outcome.stopRun()) {
                runs.finish(runId, "STOPPED", null, clock.instant());
                return;
            }
            if (outcome.resumeAfter() != null && i + 1 < steps.size()) {
                queue.enqueue(NewJob.of(org, Runs.QUEUE, "{\"run\":\"" + runId + "\"}")
                        .at(clock.instant().plus(outcome.resumeAfter())).attempts(3));
                return;
            }
        }
        runs.finish(runId, "SUCCEEDED", null, clock.instant());
    }

    private String record(Object value) {
        String text = json.writeValueAsString(value);
        if (text.length() <= MAX_RECORDED_CHARS) {
            return text;
        }
        return json.writeValueAsString(Map.of("truncated", true, "chars", text.length()));
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 1000 ? m.substring(0, 1000) : m;
    }
}

package dev.charter.pilots.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The route a step with an error path takes when it fails: steps on {@code <step>.error} run then. */
    static final String ERROR_ROUTE = "error";

    /** Largest input or output kept per step record; bigger values are summarized. */
    static final int MAX_RECORDED_CHARS = 65_536;

    private final RunRepository runs;
    private final RunTrimmer trimmer;
    private final StepKinds kinds;
    private final JobQueue queue;
    private final JsonMapper json;
    private final Clock clock;
    private final PilotsSettings settings;

    RunExecutor(RunRepository runs, RunTrimmer trimmer, StepKinds kinds, JobQueue queue, JsonMapper json, Clock clock,
                PilotsSettings settings) {
        this.runs = runs;
        this.trimmer = trimmer;
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
        var run = runs.startExecution(runId, clock.instant()).orElse(null);
        if (run == null) {
            return; // deleted with its Pilot or its organization, or already finished
        }
        try {
            execute(job, run, new OrgId(run.orgId()), message.path("position").asInt(-1), message.path("attempt").asInt(1));
        } finally {
            trimmer.finished(run.pilotId());
        }
    }

    /**
     * @param retryPosition the step this job tries again after its own backoff (-1 for none)
     * @param retryAttempt  which try of that step this is
     */
    private void execute(Job job, RunRepository.Execution run, OrgId org, int retryPosition, int retryAttempt) {
        UUID runId = run.id();
        List<PilotDefinition.Step> steps = List.of(json.readValue(run.steps(), PilotDefinition.Step[].class));

        Map<String, Object> outputs = new LinkedHashMap<>();
        int from = 0;
        if (run.resumed()) {
            for (var done : runs.finishedSteps(runId)) {
                if (!"SKIPPED".equals(done.status())) { // a skipped step left no output
                    outputs.put(done.name(), done.output() == null ? null : json.readValue(done.output(), Object.class));
                }
                from = Math.max(from, done.position() + 1);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trigger", json.readValue(run.payload(), Object.class));
        data.put("steps", outputs);
        data.put("run", Map.of("id", runId.toString(), "pilot", run.pilotId().toString(), "trigger", run.trigger()));

        // records of pure steps wait for the next write: a crash re-runs them, which changes nothing outside
        List<RunRepository.StepRecord> unwritten = new ArrayList<>();
        for (int i = from; i < steps.size(); i++) {
            var step = steps.get(i);
            Instant started = clock.instant();
            String skippedBecause = offPath(step, outputs);
            if (skippedBecause != null) {
                // another route was taken: the step is recorded as skipped, with why, and leaves no output
                unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "SKIPPED", null, null,
                        skippedBecause, started, started));
                continue;
            }
            String input = record(data);
            StepType type = kinds.get(step.kind()).orElse(null);
            if (type != null && !type.pure() && !unwritten.isEmpty()) {
                runs.record(runId, org.value(), unwritten, null, null, null);
                unwritten.clear();
            }
            StepOutcome outcome;
            try {
                if (type == null) {
                    throw new IllegalStateException("this Charter has no step kind '" + step.kind() + "'");
                }
                outcome = type.execute(new StepContext(org, run.pilotId(), runId, i, step.name(), step.config(), data,
                        runId + ":" + i));
            } catch (Exception e) {
                PilotDefinition.OnError onError = step.onError();
                boolean passing = e instanceof RetryableStepFailure;
                if (onError == null) {
                    // the run's own retries: a passing failure tries the run again from this step, with the same key
                    if (passing && !job.lastAttempt()) {
                        unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "FAILED", input, null,
                                message(e) + attempts(job), started, clock.instant()));
                        runs.record(runId, org.value(), unwritten, null, null, null);
                        throw (RetryableStepFailure) e; // the queue retries the run from this step
                    }
                    unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "FAILED", input, null,
                            message(e) + (passing ? attempts(job) : ""), started, clock.instant()));
                    runs.record(runId, org.value(), unwritten, "FAILED", "step " + step.name() + ": " + message(e)
                            + (passing ? attempts(job) : ""), clock.instant());
                    return;
                }
                int attempt = i == retryPosition ? retryAttempt : 1;
                int tries = 1 + onError.retriesOrZero();
                if (passing && attempt < tries) {
                    // the step's own retries: the run leaves the worker and comes back to this step after the backoff
                    java.time.Duration wait = java.time.Duration.ofSeconds(Math.min(PilotDefinition.OnError.MAX_BACKOFF_SECONDS,
                            (long) onError.backoffOrDefault() << Math.min(20, attempt - 1)));
                    unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "FAILED", input, null,
                            message(e) + " (attempt " + attempt + " of " + tries + "; tried again in " + wait.toSeconds()
                                    + " s)", started, clock.instant()));
                    runs.record(runId, org.value(), unwritten, null, null, null);
                    queue.enqueue(NewJob.of(org, Runs.QUEUE, "{\"run\":\"" + runId + "\",\"position\":" + i
                            + ",\"attempt\":" + (attempt + 1) + "}").at(clock.instant().plus(wait)).attempts(3));
                    return;
                }
                String error = message(e) + (passing && tries > 1 ? " (attempt " + attempt + " of " + tries + ")" : "");
                if ("stop".equals(onError.actionOrStop())) {
                    unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "FAILED", input, null, error,
                            started, clock.instant()));
                    runs.record(runId, org.value(), unwritten, "FAILED", "step " + step.name() + ": " + error, clock.instant());
                    return;
                }
                // continue, or take the step's error path: the error is the step's output, the run goes on
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("error", error);
                if ("path".equals(onError.actionOrStop())) {
                    failed.put("route", ERROR_ROUTE);
                }
                outputs.put(step.name(), failed);
                unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(), "FAILED", input, record(failed),
                        error + ("path".equals(onError.actionOrStop()) ? "; the run goes on down its error path"
                                : "; the run goes on"), started, clock.instant()));
                runs.record(runId, org.value(), unwritten, null, null, null);
                unwritten.clear();
                continue;
            }
            if (outcome.recheckAfter() != null) {
                // waiting for something outside the run: come back to this step later, keep what ran before it
                if (!unwritten.isEmpty()) {
                    runs.record(runId, org.value(), unwritten, null, null, null);
                }
                queue.enqueue(NewJob.of(org, Runs.QUEUE, "{\"run\":\"" + runId + "\",\"position\":" + i
                        + ",\"attempt\":" + (i == retryPosition ? retryAttempt : 1) + "}")
                        .at(clock.instant().plus(outcome.recheckAfter())).attempts(3));
                return;
            }
            outputs.put(step.name(), outcome.output());
            unwritten.add(new RunRepository.StepRecord(i, step.name(), step.kind(),
                    outcome.stopRun() ? "STOPPED" : "SUCCEEDED", input, record(outcome.output()), null, started, clock.instant()));
            if (outcome.stopRun()) {
                runs.record(runId, org.value(), unwritten, "STOPPED", null, clock.instant());
                return;
            }
            if (outcome.resumeAfter() != null && i + 1 < steps.size()) {
                runs.record(runId, org.value(), unwritten, null, null, null);
                queue.enqueue(NewJob.of(org, Runs.QUEUE, "{\"run\":\"" + runId + "\"}")
                        .at(clock.instant().plus(outcome.resumeAfter())).attempts(3));
                return;
            }
            if (!type.pure() && i + 1 < steps.size()) { // the last step's record goes with the run's end
                runs.record(runId, org.value(), unwritten, null, null, null);
                unwritten.clear();
            }
        }
        runs.record(runId, org.value(), unwritten, "SUCCEEDED", null, clock.instant());
    }

    /** Why a step on a path does not run (its router chose another route, or did not run), or null when it runs. */
    static String offPath(PilotDefinition.Step step, Map<String, Object> outputs) {
        if (step.path() == null) {
            return null;
        }
        int dot = step.path().indexOf('.');
        String router = step.path().substring(0, dot);
        String route = step.path().substring(dot + 1);
        Object out = outputs.get(router);
        if (ERROR_ROUTE.equals(route) && outputs.containsKey(router) && !(out instanceof Map<?, ?> f && ERROR_ROUTE.equals(f.get("route")))) {
            return "not on the path taken: " + router + " succeeded";
        }
        if (!(out instanceof Map<?, ?> m) || m.get("route") == null) {
            return "not on the path taken: " + router + " did not run";
        }
        return route.equals(m.get("route")) ? null : "not on the path taken: " + router + " chose " + m.get("route");
    }

    private String record(Object value) {
        String text = json.writeValueAsString(value);
        if (text.length() <= MAX_RECORDED_CHARS) {
            return text;
        }
        return json.writeValueAsString(Map.of("truncated", true, "chars", text.length()));
    }

    /** Which try this was, for the run page: a step that may fail for a while says so. */
    private static String attempts(Job job) {
        if (job.maxAttempts() <= 1) {
            return "";
        }
        return " (attempt " + job.attempt() + " of " + job.maxAttempts()
                + (job.lastAttempt() ? "; no tries left)" : "; Charter tries this step again shortly)");
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 1000 ? m.substring(0, 1000) : m;
    }
}

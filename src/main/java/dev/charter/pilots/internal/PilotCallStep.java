package dev.charter.pilots.internal;

import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls another Pilot of the same organization (Pilots II, item 6): the first time the step runs it starts a run of
 * that Pilot with the step's input as its trigger payload (trigger PILOT), then the calling run leaves the worker and
 * looks again every few seconds, until the called run has ended; its steps' outputs are this step's output. The
 * called run is made once per calling step (its id comes from the calling run and the step), so looking again never
 * starts a second one. A call that would make a cycle (a Pilot that is already calling, itself included) or a chain
 * deeper than {@link #MAX_DEPTH} fails with the chain in its error; a called run that fails fails this step.
 */
@Component
class PilotCallStep implements StepType {

    static final int MAX_DEPTH = 5;
    /** How long a calling step waits for its called run before it fails. */
    static final Duration MAX_WAIT = Duration.ofHours(1);
    static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

    private final Expressions expressions;
    private final RunRepository runs;
    private final JobQueue queue;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;

    PilotCallStep(Expressions expressions, RunRepository runs, JobQueue queue, JdbcClient jdbc, JsonMapper json, Clock clock,
                  PlatformTransactionManager transactions) {
        this.expressions = expressions;
        this.runs = runs;
        this.queue = queue;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String kind() {
        return "pilot";
    }

    @Override
    public boolean reachesOut() {
        return false;
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Call a Pilot", "Run another Pilot of this organization with an input, and wait for "
                + "its result (at most " + MAX_DEPTH + " Pilots deep, no cycles).", List.of(
                Field.of("pilot", "Pilot id", "text", true, "The id of the Pilot to call (on its page)"),
                Field.of("input", "Input (JSONata)", "expression", false, "Its trigger payload; default the trigger")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            UUID.fromString(TransformStep.text(config, "pilot") == null ? "" : TransformStep.text(config, "pilot").strip());
        } catch (IllegalArgumentException e) {
            errors.put("pilot", "Give the id of the Pilot to call, as on its page.");
        }
        String input = TransformStep.text(config, "input");
        if (input != null && !input.isBlank()) {
            try {
                expressions.compile("input", input);
            } catch (dev.charter.shared.InvalidInputException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        UUID target = UUID.fromString(TransformStep.text(context.config(), "pilot").strip());
        // the called run's id: the same for every look of this step of this run
        UUID child = UUID.nameUUIDFromBytes(("pilot-call:" + context.runId() + ":" + context.position())
                .getBytes(StandardCharsets.UTF_8));
        var called = runs.called(context.org().value(), child);
        if (called.isEmpty()) {
            start(context, target, child);
            return StepOutcome.recheckAfter(LOOK_AGAIN);
        }
        var c = called.get();
        switch (c.status()) {
            case "QUEUED", "RUNNING" -> {
                if (clock.instant().isAfter(c.createdAt().plus(MAX_WAIT))) {
                    throw new IllegalStateException("the called Pilot's run " + child + " has not ended after "
                            + MAX_WAIT.toMinutes() + " minutes");
                }
                return StepOutcome.recheckAfter(LOOK_AGAIN);
            }
            case "FAILED" -> throw new IllegalStateException("the called Pilot's run " + child + " failed: " + c.error());
            default -> {
                Map<String, Object> steps = new LinkedHashMap<>();
                c.outputs().forEach((k, v) -> steps.put(k, v == null ? null : json.readValue(v, Object.class)));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("run", child.toString());
                out.put("status", c.status());
                out.put("output", c.last() == null ? null : json.readValue(c.last(), Object.class));
                out.put("steps", steps);
                return StepOutcome.of(out);
            }
        }
    }

    private void start(StepContext context, UUID target, UUID child) {
        var chain = runs.callChain(context.runId()).orElseThrow(() -> new IllegalStateException("the calling run is gone"));
        List<UUID> callers = new ArrayList<>(chain.callers());
        callers.add(chain.pilot());
        if (callers.contains(target)) {
            throw new IllegalArgumentException("calling this Pilot would make a cycle: " + names(callers, target));
        }
        if (callers.size() >= MAX_DEPTH) {
            throw new IllegalArgumentException("calls go at most " + MAX_DEPTH + " Pilots deep: " + names(callers, target));
        }
        boolean exists = jdbc.sql("select count(*) from pilots_pilot where org_id = ? and id = ?")
                .params(context.org().value(), target).query(Long.class).single() == 1;
        if (!exists) {
            throw new IllegalArgumentException("this organization has no Pilot " + target);
        }
        String input = TransformStep.text(context.config(), "input");
        Object payload = input == null || input.isBlank() ? context.data().get("trigger")
                : expressions.evaluate(expressions.compile("input", input), context.data());
        tx.executeWithoutResult(s -> {
            if (runs.insertCall(child, context.org().value(), target, json.writeValueAsString(payload), context.runId(),
                    callers)) {
                queue.enqueue(NewJob.of(context.org(), Runs.QUEUE, "{\"run\":\"" + child + "\"}").attempts(3));
            }
        });
    }

    /** The chain in titles, for the error: "Orders → Invoices → Orders". */
    private String names(List<UUID> callers, UUID target) {
        List<UUID> all = new ArrayList<>(callers);
        all.add(target);
        List<String> titles = new ArrayList<>();
        for (UUID id : all) {
            titles.add(jdbc.sql("select title from pilots_pilot where id = ?").param(id).query(String.class).optional()
                    .orElse(id.toString()));
        }
        return String.join(" → ", titles);
    }
}

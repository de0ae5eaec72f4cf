package dev.charter.pilots.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs a sequence of steps for every item of a list (Pilots II, loops): {@code items} is a JSONata expression that
 * gives the list (at most {@link #MAX_ITEMS} items), {@code steps} the sub-steps each item runs in order, seeing
 * {@code item}, {@code index} and {@code loop.<name>} (the outputs of the sub-steps before, for the same item) besides
 * the run's data, and {@code parallelism} how many items run at once (1 to {@link #MAX_PARALLELISM}). Each item's
 * outcome is kept, and the step's output aggregates them for the steps after it. A condition sub-step that is false
 * ends that item early, successfully. An item whose sub-step fails is recorded as failed with the error; the step
 * fails when any item failed for a passing reason (so the run tries it again, every item with the same idempotency
 * key {@code <run>:<step>:<index>:<sub-step>}), and otherwise succeeds with the failures counted.
 */
@Component
class ForEachStep implements StepType {

    static final int MAX_ITEMS = 1000;
    static final int MAX_PARALLELISM = 8;
    static final int MAX_SUB_STEPS = 10;
    /** Sub-step kinds a loop may run: no waiting, no routing, no loop in a loop. */
    static final Set<String> SUB_KINDS = Set.of("transform", "condition", "http", "slack", "email", "ai");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,39}");

    private final Expressions expressions;
    private final ObjectProvider<StepKinds> kinds;

    ForEachStep(Expressions expressions, ObjectProvider<StepKinds> kinds) {
        this.expressions = expressions;
        this.kinds = kinds;
    }

    @Override
    public String kind() {
        return "foreach";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "For each", "Run a few steps for every item of a list, and gather their outputs.",
                List.of(Field.of("items", "Items (JSONata)", "expression", true,
                                "The list to go through, for example trigger.orders (at most " + MAX_ITEMS + " items)"),
                        Field.of("steps", "Steps for each item (JSON)", "json", true,
                                "A list of steps as in an export, for example [{\"kind\": \"transform\", \"name\": \"line\", "
                                        + "\"config\": {\"expression\": \"item.price * 2\"}}]; they see item, index and loop.<name>"),
                        Field.of("parallelism", "Items at once", "number", false, "1 to " + MAX_PARALLELISM + " (default 1)")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            expressions.compile("items", TransformStep.text(config, "items"));
        } catch (dev.charter.shared.InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        JsonNode p = config == null ? null : config.get("parallelism");
        if (p != null && !p.isNull() && (!p.canConvertToInt() || p.asInt() < 1 || p.asInt() > MAX_PARALLELISM)) {
            errors.put("parallelism", "Run 1 to " + MAX_PARALLELISM + " items at once.");
        }
        JsonNode steps = config == null ? null : config.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            errors.put("steps", "Give the steps each item runs: a list of {\"kind\", \"name\", \"config\"}.");
            return errors;
        }
        if (steps.size() > MAX_SUB_STEPS) {
            errors.put("steps", "A loop runs at most " + MAX_SUB_STEPS + " steps for each item.");
        }
        Set<String> names = new HashSet<>();
        for (int k = 0; k < steps.size(); k++) {
            JsonNode s = steps.get(k);
            String at = "steps[" + k + "]";
            String kind = s.path("kind").asString("");
            String name = s.path("name").asString("");
            if (!NAME.matcher(name).matches()) {
                errors.put(at + ".name", "Name the step with a letter followed by letters, digits or _ (at most 40).");
            } else if (!names.add(name)) {
                errors.put(at + ".name", "Another step of the loop is already called " + name + ".");
            }
            if (!SUB_KINDS.contains(kind)) {
                errors.put(at + ".kind", "A loop runs " + String.join(", ", SUB_KINDS.stream().sorted().toList())
                        + " steps; not '" + kind + "'.");
                continue;
            }
            kinds.getObject().get(kind).ifPresent(t -> t.validate(s.get("config"))
                    .forEach((f, m) -> errors.put(at + ".config." + f, m)));
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) throws Exception {
        Object value = expressions.evaluate(expressions.compile("items", TransformStep.text(context.config(), "items")),
                context.data());
        List<?> items = value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("the list has " + items.size() + " items; a loop goes through at most "
                    + MAX_ITEMS);
        }
        JsonNode subSteps = context.config().get("steps");
        int parallelism = context.config().path("parallelism").asInt(1);
        parallelism = Math.max(1, Math.min(MAX_PARALLELISM, parallelism));
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            outcomes.add(null);
        }
        if (parallelism == 1 || items.size() <= 1) {
            for (int k = 0; k < items.size(); k++) {
                outcomes.set(k, item(context, subSteps, k, items.get(k)));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), r -> {
                Thread t = new Thread(r, "pilot-loop");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Map<String, Object>>> futures = new ArrayList<>();
                for (int k = 0; k < items.size(); k++) {
                    int index = k;
                    futures.add(pool.submit(() -> item(context, subSteps, index, items.get(index))));
                }
                for (int k = 0; k < futures.size(); k++) {
                    outcomes.set(k, futures.get(k).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        int failed = 0;
        boolean passing = false;
        List<Object> outputs = new ArrayList<>();
        for (Map<String, Object> o : outcomes) {
            if ("FAILED".equals(o.get("status"))) {
                failed++;
                passing |= Boolean.TRUE.equals(o.remove("passing"));
            } else {
                o.remove("passing");
            }
            outputs.add(o.get("output"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", items.size());
        out.put("succeeded", items.size() - failed);
        out.put("failed", failed);
        out.put("outputs", outputs);
        out.put("items", outcomes);
        if (passing) {
            throw new RetryableStepFailure(failed + " of " + items.size() + " items failed for a passing reason; the "
                    + "loop is tried again");
        }
        return StepOutcome.of(out);
    }

    /** One item through the sub-steps: its status, the last sub-step's output, or the error of the one that failed. */
    private Map<String, Object> item(StepContext context, JsonNode subSteps, int index, Object item) {
        Map<String, Object> data = new LinkedHashMap<>(context.data());
        Map<String, Object> loop = new LinkedHashMap<>();
        data.put("item", item);
        data.put("index", index);
        data.put("loop", loop);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        Object last = null;
        for (JsonNode s : subSteps) {
            String name = s.path("name").asString();
            StepType type = kinds.getObject().get(s.path("kind").asString()).orElseThrow();
            try {
                StepOutcome o = type.execute(new StepContext(context.org(), context.pilotId(), context.runId(),
                        context.position(), context.name() + "." + name, s.get("config"), data,
                        context.idempotencyKey() + ":" + index + ":" + name));
                loop.put(name, o.output());
                last = o.output();
                if (o.stopRun()) {
                    break; // a false condition ends this item, successfully
                }
            } catch (Exception e) {
                result.put("status", "FAILED");
                result.put("step", name);
                result.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                result.put("passing", e instanceof RetryableStepFailure);
                result.put("output", null);
                return result;
            }
        }
        result.put("status", "SUCCEEDED");
        result.put("output", last);
        return result;
    }
}

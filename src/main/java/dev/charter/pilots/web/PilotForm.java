package dev.charter.pilots.web;

import dev.charter.pilots.internal.PilotDefinition;
import dev.charter.pilots.internal.StepKinds;
import dev.charter.pilots.internal.StepType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The editor's state, carried entirely in the form (indexed names such as
 * {@code steps[1].config.expression}); nothing is kept on the server between requests.
 */
record PilotForm(String title, String description, boolean enabled, String triggerKind, String cron, String timeZone,
                 String samplePayload, List<StepForm> steps, String verification) {

    /**
     * One step as the form holds it: every config value as text, the rows of its name/value fields (type
     * {@code map}, such as an HTTP step's headers) in order, and the descriptor its fields come from. {@code key}
     * names the step in the page while it is edited (it stays when the step moves), never in the definition.
     */
    record StepForm(String kind, String name, String key, Map<String, String> config, Map<String, List<Row>> rows,
                    StepType.Descriptor descriptor, String path, Map<String, String> onError) {

        StepForm(String kind, String name, String key, Map<String, String> config, Map<String, List<Row>> rows,
                 StepType.Descriptor descriptor) {
            this(kind, name, key, config, rows, descriptor, "", Map.of());
        }

        StepForm withPath(String p) {
            return new StepForm(kind, name, key, config, rows, descriptor, p == null ? "" : p, onError);
        }

        StepForm withOnError(Map<String, String> e) {
            return new StepForm(kind, name, key, config, rows, descriptor, path, Map.copyOf(e));
        }

        /** A field of what happens when the step fails: action, retries or backoffSeconds, as text. */
        public String onError(String field) {
            return onError.getOrDefault(field, "");
        }

        public String value(String field) {
            return config.getOrDefault(field, "");
        }

        public List<Row> rows(String field) {
            return rows.getOrDefault(field, List.of());
        }

        StepForm withRows(String field, List<Row> changed) {
            Map<String, List<Row>> copy = new LinkedHashMap<>(rows);
            copy.put(field, List.copyOf(changed));
            return new StepForm(kind, name, key, config, copy, descriptor, path, onError);
        }
    }

    /** One name/value row of a {@code map} field. */
    record Row(String name, String value) {}

    /** At most this many rows per map field (an HTTP request rarely needs more than a handful of headers). */
    static final int MAX_ROWS = 30;

    /** One problem for the summary above the form, with the id of the field it belongs to. */
    record Problem(String where, String message, String anchor) {}

    private static final Pattern ERROR_PATH = Pattern.compile("steps\\[(\\d+)](?:\\.(kind|name|path|onError\\.\\w+|config\\.(\\w+)))?");

    /** Says where each server-side problem is, in words ("Step 3 · greet · JSONata expression"). */
    List<Problem> problems(Map<String, String> errors) {
        List<Problem> out = new ArrayList<>();
        errors.forEach((path, message) -> {
            Matcher m = ERROR_PATH.matcher(path);
            if (!m.matches()) {
                String where = switch (path) {
                    case "trigger.kind" -> "Trigger";
                    case "trigger.cron" -> "Cron expression";
                    case "trigger.timeZone" -> "Time zone";
                    case "trigger.verification" -> "Who sends the deliveries";
                    case "samplePayload" -> "Sample payload";
                    case "steps" -> "Steps";
                    default -> path.isEmpty() ? path : Character.toUpperCase(path.charAt(0)) + path.substring(1);
                };
                String anchor = switch (path) {
                    case "trigger.kind" -> "triggerKind-WEBHOOK";
                    case "trigger.cron" -> "cron";
                    case "trigger.timeZone" -> "timeZone";
                    case "trigger.verification" -> "verification";
                    case "steps" -> "h-steps";
                    default -> path;
                };
                out.add(new Problem(where, message, anchor));
                return;
            }
            int i = Integer.parseInt(m.group(1));
            StepForm step = i < steps.size() ? steps.get(i) : null;
            String where = "Step " + (i + 1) + (step == null || step.name().isBlank() ? "" : " · " + step.name());
            String anchor = "step-" + i;
            if ("name".equals(m.group(2))) {
                where += " · Step name";
                anchor = "steps-" + i + "-name";
            } else if ("path".equals(m.group(2))) {
                where += " · Runs on";
                anchor = "steps-" + i + "-path";
            } else if (m.group(2) != null && m.group(2).startsWith("onError.")) {
                where += " · When it fails";
                anchor = "steps-" + i + "-onError-" + m.group(2).substring("onError.".length());
            } else if (m.group(3) != null) {
                String field = m.group(3);
                String label = step == null ? field : step.descriptor().fields().stream()
                        .filter(f -> f.name().equals(field)).map(StepType.Field::label).findFirst().orElse(field);
                where += " · " + label;
                anchor = "steps-" + i + "-config-" + field;
            }
            out.add(new Problem(where, message, anchor));
        });
        return out;
    }

    private static final Pattern STEP_FIELD = Pattern.compile(
            "steps\\[(\\d{1,3})]\\.(kind|name|key|path|onError\\.(?:action|retries|backoffSeconds)|config\\.([A-Za-z0-9_]{1,60})(?:\\[(\\d{1,2})]\\.(name|value))?)");

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{12}");

    private static String newKey() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** What the form says happens when step {@code i} fails; null when it keeps the default (stop, no retries). */
    private static PilotDefinition.OnError onError(StepForm s, int i, Map<String, String> errors) {
        String action = s.onError("action");
        String retries = s.onError("retries");
        String backoff = s.onError("backoffSeconds");
        if ((action.isEmpty() || action.equals("stop")) && retries.isEmpty() && backoff.isEmpty()) {
            return null;
        }
        return new PilotDefinition.OnError(action.isEmpty() ? "stop" : action,
                number(retries, "steps[" + i + "].onError.retries", errors),
                number(backoff, "steps[" + i + "].onError.backoffSeconds", errors));
    }

    private static Integer number(String v, String field, Map<String, String> errors) {
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            errors.put(field, "Give a whole number.");
            return null;
        }
    }

    /**
     * The paths step {@code i} may run on: every route of each router step before it, and its else
     * ({@code router.route}); the step's own path stays among them even when its router changed, so the form shows it.
     */
    public List<String> pathChoices(int i) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < Math.min(i, steps.size()); j++) {
            StepForm r = steps.get(j);
            if ("path".equals(r.onError("action")) && !r.name().isBlank()) {
                out.add(r.name() + ".error");
            }
            if (!"router".equals(r.kind()) || r.name().isBlank()) {
                continue;
            }
            r.rows("routes").stream().map(Row::name).filter(n -> n != null && !n.isBlank())
                    .forEach(n -> out.add(r.name() + "." + n.strip()));
            out.add(r.name() + ".else");
        }
        String own = i < steps.size() ? steps.get(i).path() : "";
        if (own != null && !own.isBlank() && !out.contains(own)) {
            out.add(own);
        }
        return out;
    }

    static PilotForm blank() {
        return new PilotForm("", "", true, "WEBHOOK", "", "UTC", "{\n  \n}", List.of(), "charter");
    }

    static PilotForm parse(Map<String, String> params, StepKinds kinds) {
        Map<Integer, String[]> heads = new TreeMap<>();
        Map<Integer, Map<String, String>> configs = new TreeMap<>();
        Map<Integer, Map<String, String>> onErrors = new TreeMap<>();
        Map<Integer, Map<String, TreeMap<Integer, String[]>>> rows = new TreeMap<>();
        params.forEach((key, value) -> {
            Matcher m = STEP_FIELD.matcher(key);
            if (!m.matches()) {
                return;
            }
            int i = Integer.parseInt(m.group(1));
            String[] head = heads.computeIfAbsent(i, x -> new String[4]);
            configs.computeIfAbsent(i, x -> new LinkedHashMap<>());
            if (m.group(4) != null) {
                String[] row = rows.computeIfAbsent(i, x -> new LinkedHashMap<>())
                        .computeIfAbsent(m.group(3), x -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(m.group(4)), x -> new String[] {"", ""});
                row["name".equals(m.group(5)) ? 0 : 1] = value;
                return;
            }
            switch (m.group(2)) {
                case "kind" -> head[0] = value;
                case "name" -> head[1] = value;
                case "key" -> head[2] = value;
                case "path" -> head[3] = value;
                default -> {
                    if (m.group(2).startsWith("onError.")) {
                        onErrors.computeIfAbsent(i, x -> new LinkedHashMap<>()).put(m.group(2).substring(8), value.strip());
                    } else {
                        configs.get(i).put(m.group(3), value);
                    }
                }
            }
        });
        List<StepForm> steps = new ArrayList<>();
        heads.forEach((i, head) -> {
            StepForm step = step(head[0], head[1], configs.get(i), kinds);
            if (head[2] != null && KEY.matcher(head[2]).matches()) {
                step = new StepForm(step.kind(), step.name(), head[2], step.config(), step.rows(), step.descriptor());
            }
            step = step.withPath(head[3] == null ? "" : head[3].strip()).withOnError(onErrors.getOrDefault(i, Map.of()));
            for (var field : rows.getOrDefault(i, Map.of()).entrySet()) {
                step = step.withRows(field.getKey(), field.getValue().values().stream().limit(MAX_ROWS)
                        .map(r -> new Row(r[0], r[1])).toList());
            }
            steps.add(step);
        });
        return new PilotForm(text(params, "title"), text(params, "description"), params.containsKey("enabled"),
                params.getOrDefault("triggerKind", "WEBHOOK"), text(params, "cron"), text(params, "timeZone"),
                text(params, "samplePayload"), steps, params.getOrDefault("verification", "charter"));
    }

    static StepForm step(String kind, String name, Map<String, String> config, StepKinds kinds) {
        var descriptor = kinds.get(kind).map(StepType::descriptor)
                .orElse(new StepType.Descriptor(kind, kind, "Unknown step kind.", List.of()));
        return new StepForm(kind, name == null ? "" : name, newKey(), config == null ? new LinkedHashMap<>() : config,
                new LinkedHashMap<>(), descriptor);
    }

    static PilotForm of(PilotDefinition d, StepKinds kinds, JsonMapper json) {
        List<StepForm> steps = new ArrayList<>();
        for (var s : d.steps()) {
            Map<String, String> config = new LinkedHashMap<>();
            Map<String, List<Row>> rows = new LinkedHashMap<>();
            StepForm blank = step(s.kind(), s.name(), config, kinds);
            if (s.config() != null) {
                for (var entry : s.config().properties()) {
                    JsonNode v = entry.getValue();
                    if (isMap(blank.descriptor(), entry.getKey()) && v.isObject()) {
                        List<Row> list = new ArrayList<>();
                        v.properties().forEach(p -> list.add(new Row(p.getKey(), text(p.getValue()))));
                        rows.put(entry.getKey(), list);
                    } else if (isJson(blank.descriptor(), entry.getKey()) && !v.isString()) {
                        config.put(entry.getKey(), json.writerWithDefaultPrettyPrinter().writeValueAsString(v));
                    } else {
                        config.put(entry.getKey(), text(v));
                    }
                }
            }
            Map<String, String> onError = new LinkedHashMap<>();
            if (s.onError() != null) {
                onError.put("action", s.onError().actionOrStop());
                onError.put("retries", s.onError().retries() == null ? "" : s.onError().retries().toString());
                onError.put("backoffSeconds", s.onError().backoffSeconds() == null ? "" : s.onError().backoffSeconds().toString());
            }
            steps.add(new StepForm(blank.kind(), blank.name(), blank.key(), config, rows, blank.descriptor(),
                    s.path() == null ? "" : s.path(), onError));
        }
        var t = d.trigger();
        return new PilotForm(d.title(), d.description(), d.enabled() == null || d.enabled(), t.kind(),
                t.cron() == null ? "" : t.cron(), t.timeZone() == null ? "UTC" : t.timeZone(),
                d.samplePayload() == null ? "" : json.writerWithDefaultPrettyPrinter().writeValueAsString(d.samplePayload()),
                steps, t.verification() == null ? "charter" : t.verification());
    }

    /** The definition this form describes; a sample payload that is not JSON is reported in {@code errors}. */
    PilotDefinition definition(JsonMapper json, Map<String, String> errors) {
        JsonNode sample = null;
        if (samplePayload != null && !samplePayload.isBlank()) {
            try {
                sample = json.readTree(samplePayload);
            } catch (JacksonException e) {
                errors.put("samplePayload", "This is not valid JSON: " + e.getOriginalMessage());
            }
        }
        List<PilotDefinition.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepForm s = steps.get(i);
            ObjectNode config = json.createObjectNode();
            for (var f : s.descriptor().fields()) {
                if ("map".equals(f.type())) {
                    ObjectNode map = map(s.rows(f.name()), "steps[" + i + "].config." + f.name(), json, errors);
                    if (!map.isEmpty()) {
                        config.set(f.name(), map);
                    }
                    continue;
                }
                String v = s.value(f.name());
                if (v.isEmpty()) {
                    continue;
                }
                switch (f.type()) {
                    case "number" -> {
                        try {
                            config.put(f.name(), Long.parseLong(v.strip()));
                        } catch (NumberFormatException e) {
                            config.put(f.name(), v);
                        }
                    }
                    case "boolean" -> config.put(f.name(), "true".equals(v) || "on".equals(v));
                    case "json" -> {
                        try {
                            config.set(f.name(), json.readTree(v));
                        } catch (JacksonException e) {
                            errors.put("steps[" + i + "].config." + f.name(), "This is not valid JSON: " + e.getOriginalMessage());
                        }
                    }
                    default -> config.put(f.name(), v);
                }
            }
            out.add(new PilotDefinition.Step(s.kind(), s.name(), config, s.path() == null || s.path().isBlank() ? null : s.path(),
                    onError(s, i, errors)));
        }
        return new PilotDefinition(title, description, enabled, new PilotDefinition.Trigger(triggerKind, cron, timeZone, verification), out,
                sample);
    }

    /** The rows as a JSON object; a row with a value but no name, or a name given twice, is reported. */
    private static ObjectNode map(List<Row> rows, String path, JsonMapper json, Map<String, String> errors) {
        ObjectNode map = json.createObjectNode();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Row r : rows) {
            String name = r.name() == null ? "" : r.name().strip();
            String value = r.value() == null ? "" : r.value();
            if (name.isEmpty()) {
                if (!value.isBlank()) {
                    errors.putIfAbsent(path, "Give every value a name, or remove its row.");
                }
                continue;
            }
            if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
                errors.putIfAbsent(path, "'" + name + "' is given twice; keep one row for each name.");
            }
            map.put(name, value);
        }
        return map;
    }

    private static boolean isMap(StepType.Descriptor descriptor, String field) {
        return descriptor.fields().stream().anyMatch(f -> f.name().equals(field) && "map".equals(f.type()));
    }

    private static boolean isJson(StepType.Descriptor descriptor, String field) {
        return descriptor.fields().stream().anyMatch(f -> f.name().equals(field) && "json".equals(f.type()));
    }

    private static String text(JsonNode v) {
        return v.isString() ? v.asString() : v.toString();
    }

    PilotForm withSteps(List<StepForm> changed) {
        return new PilotForm(title, description, enabled, triggerKind, cron, timeZone, samplePayload, changed, verification);
    }

    private static String text(Map<String, String> params, String key) {
        String v = params.get(key);
        return v == null ? "" : v;
    }
}

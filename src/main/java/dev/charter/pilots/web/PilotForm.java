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
                 String samplePayload, List<StepForm> steps) {

    /** One step as the form holds it: every config value as text, and the descriptor its fields come from. */
    record StepForm(String kind, String name, Map<String, String> config, StepType.Descriptor descriptor) {
        public String value(String field) {
            return config.getOrDefault(field, "");
        }
    }

    /** One problem for the summary above the form, with the id of the field it belongs to. */
    record Problem(String where, String message, String anchor) {}

    private static final Pattern ERROR_PATH = Pattern.compile("steps\\[(\\d+)](?:\\.(kind|name|config\\.(\\w+)))?");

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
                    case "samplePayload" -> "Sample payload";
                    case "steps" -> "Steps";
                    default -> path.isEmpty() ? path : Character.toUpperCase(path.charAt(0)) + path.substring(1);
                };
                String anchor = switch (path) {
                    case "trigger.kind" -> "triggerKind-WEBHOOK";
                    case "trigger.cron" -> "cron";
                    case "trigger.timeZone" -> "timeZone";
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

    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d{1,3})]\\.(kind|name|config\\.([A-Za-z0-9_]{1,60}))");

    static PilotForm blank() {
        return new PilotForm("", "", true, "WEBHOOK", "", "UTC", "{\n  \n}", List.of());
    }

    static PilotForm parse(Map<String, String> params, StepKinds kinds) {
        Map<Integer, String[]> heads = new TreeMap<>();
        Map<Integer, Map<String, String>> configs = new TreeMap<>();
        params.forEach((key, value) -> {
            Matcher m = STEP_FIELD.matcher(key);
            if (!m.matches()) {
                return;
            }
            int i = Integer.parseInt(m.group(1));
            String[] head = heads.computeIfAbsent(i, x -> new String[2]);
            configs.computeIfAbsent(i, x -> new LinkedHashMap<>());
            switch (m.group(2)) {
                case "kind" -> head[0] = value;
                case "name" -> head[1] = value;
                default -> configs.get(i).put(m.group(3), value);
            }
        });
        List<StepForm> steps = new ArrayList<>();
        heads.forEach((i, head) -> steps.add(step(head[0], head[1], configs.get(i), kinds)));
        return new PilotForm(text(params, "title"), text(params, "description"), params.containsKey("enabled"),
                params.getOrDefault("triggerKind", "WEBHOOK"), text(params, "cron"), text(params, "timeZone"),
                text(params, "samplePayload"), steps);
    }

    static StepForm step(String kind, String name, Map<String, String> config, StepKinds kinds) {
        var descriptor = kinds.get(kind).map(StepType::descriptor)
                .orElse(new StepType.Descriptor(kind, kind, "Unknown step kind.", List.of()));
        return new StepForm(kind, name == null ? "" : name, config == null ? new LinkedHashMap<>() : config, descriptor);
    }

    static PilotForm of(PilotDefinition d, StepKinds kinds, JsonMapper json) {
        List<StepForm> steps = new ArrayList<>();
        for (var s : d.steps()) {
            Map<String, String> config = new LinkedHashMap<>();
            if (s.config() != null) {
                for (var entry : s.config().properties()) {
                    JsonNode v = entry.getValue();
                    config.put(entry.getKey(), v.isString() ? v.asString() : v.toString());
                }
            }
            steps.add(step(s.kind(), s.name(), config, kinds));
        }
        var t = d.trigger();
        return new PilotForm(d.title(), d.description(), d.enabled() == null || d.enabled(), t.kind(),
                t.cron() == null ? "" : t.cron(), t.timeZone() == null ? "UTC" : t.timeZone(),
                d.samplePayload() == null ? "" : json.writerWithDefaultPrettyPrinter().writeValueAsString(d.samplePayload()),
                steps);
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
        for (var s : steps) {
            ObjectNode config = json.createObjectNode();
            for (var f : s.descriptor().fields()) {
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
                    default -> config.put(f.name(), v);
                }
            }
            out.add(new PilotDefinition.Step(s.kind(), s.name(), config));
        }
        return new PilotDefinition(title, description, enabled, new PilotDefinition.Trigger(triggerKind, cron, timeZone), out,
                sample);
    }

    PilotForm withSteps(List<StepForm> changed) {
        return new PilotForm(title, description, enabled, triggerKind, cron, timeZone, samplePayload, changed);
    }

    private static String text(Map<String, String> params, String key) {
        String v = params.get(key);
        return v == null ? "" : v;
    }
}

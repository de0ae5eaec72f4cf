package dev.charter.pilots.web;

import dev.charter.pilots.internal.PilotRepositoryView;
import dev.charter.pilots.internal.Runs;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** A run as the run page shows it: each step with pretty-printed input and output. */
record RunPage(PilotRepositoryView.RunSummary run, UUID pilotId, String payload, boolean inProgress, List<Step> steps) {

    /**
     * One step. {@code answeredBy} says who produced an AI step's output: {@code LOCAL} (the local fallback, nothing
     * left the server), {@code ORG_KEY} or {@code SERVER_KEY}; null for other steps.
     */
    record Step(int position, String name, String kind, String status, String input, String output, String error,
                long durationMillis, String answeredBy) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    static RunPage of(Runs.RunView view) {
        Map<String, Object> m = PilotRepositoryView.run(view);
        List<Step> steps = ((List<Map<String, Object>>) m.get("steps")).stream().map(s -> new Step((int) s.get("position"),
                (String) s.get("name"), (String) s.get("kind"), (String) s.get("status"), pretty(s.get("input")),
                pretty(s.get("output")), (String) s.get("error"), (long) s.get("durationMillis"),
                answeredBy((String) s.get("kind"), s.get("output")))).toList();
        return new RunPage((PilotRepositoryView.RunSummary) m.get("run"), (UUID) m.get("pilot"), pretty(m.get("payload")),
                view.inProgress(), steps);
    }

    private static String answeredBy(String kind, Object output) {
        if (!"ai".equals(kind) || !(output instanceof Map<?, ?> m)) {
            return null;
        }
        if (Boolean.TRUE.equals(m.get("producedLocally"))) {
            return "LOCAL";
        }
        return m.get("provider") instanceof String provider ? provider : null;
    }

    static String pretty(Object value) {
        return value == null ? null : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}

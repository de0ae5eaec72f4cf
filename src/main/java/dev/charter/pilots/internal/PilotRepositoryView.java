package dev.charter.pilots.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** How Pilots and runs look on the API: plain records and JSON values rather than stored text. */
public final class PilotRepositoryView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Summary(UUID id, String title, boolean enabled, String trigger, String lastStatus, Instant lastRunAt,
                          long runs) {}

    public record RunSummary(UUID id, String status, String trigger, String error, Instant createdAt, Instant startedAt,
                             Instant finishedAt, Long durationMillis) {}

    /** A step as stored: input and output are the stored JSON text, unparsed (pages show a bounded part of it). */
    public record StoredStep(int position, String name, String kind, String status, String input, String output,
                             String error, long durationMillis, Instant finishedAt) {}

    /** A run as stored, for pages that must not parse or copy large values whole. */
    public record StoredRun(RunSummary run, UUID pilot, String payload, List<StoredStep> steps) {}

    private PilotRepositoryView() {}

    public static StoredRun stored(Runs.RunView view) {
        return new StoredRun(summary(view.run()), view.run().pilotId(), view.run().payload(), view.steps().stream()
                .map(s -> new StoredStep(s.position(), s.name(), s.kind(), s.status(), s.input(), s.output(), s.error(),
                        Duration.between(s.startedAt(), s.finishedAt()).toMillis(), s.finishedAt())).toList());
    }

    public static List<Summary> summaries(List<PilotRepository.Summary> rows) {
        return rows.stream().map(r -> new Summary(r.id(), r.title(), r.enabled(), r.triggerKind(), r.lastStatus(),
                r.lastRunAt(), r.runs())).toList();
    }

    /** One page of a longer list: its rows and how many there are in all. */
    public record Page<T>(List<T> rows, long total) {}

    public static Page<Summary> page(PilotRepository.SummaryPage page) {
        return new Page<>(summaries(page.rows()), page.total());
    }

    public static Page<RunSummary> page(RunRepository.RunPage page) {
        return new Page<>(runs(page.rows()), page.total());
    }

    public static List<RunSummary> runs(List<RunRepository.RunRow> rows) {
        return rows.stream().map(PilotRepositoryView::summary).toList();
    }

    public static RunSummary summary(RunRepository.RunRow r) {
        Long duration = r.startedAt() != null && r.finishedAt() != null
                ? Duration.between(r.startedAt(), r.finishedAt()).toMillis() : null;
        return new RunSummary(r.id(), r.status(), r.trigger(), r.error(), r.createdAt(), r.startedAt(), r.finishedAt(), duration);
    }

    public static Map<String, Object> run(Runs.RunView view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", summary(view.run()));
        out.put("pilot", view.run().pilotId());
        out.put("payload", parse(view.run().payload()));
        out.put("steps", view.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("position", s.position());
            step.put("name", s.name());
            step.put("kind", s.kind());
            step.put("status", s.status());
            step.put("input", parse(s.input()));
            step.put("output", parse(s.output()));
            step.put("error", s.error());
            step.put("durationMillis", Duration.between(s.startedAt(), s.finishedAt()).toMillis());
            return step;
        }).toList());
        return out;
    }

    static Object parse(String jsonText) {
        return jsonText == null ? null : JSON.readValue(jsonText, Object.class);
    }
}

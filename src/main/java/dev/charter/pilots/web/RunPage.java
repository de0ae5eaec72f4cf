package dev.charter.pilots.web;

import dev.charter.pilots.internal.PilotRepositoryView;
import dev.charter.pilots.internal.Runs;
import dev.charter.pilots.internal.PilotDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run as the run page shows it: each step with pretty-printed input and output. A value larger than
 * {@link #SHOWN_CHARS} is cut there and the page links to the whole value, so a run with a large payload stays a
 * small, quick page.
 */
record RunPage(PilotRepositoryView.RunSummary run, UUID pilotId, Shown payload, boolean inProgress, List<Step> steps) {

    /** How much of one value the page shows (characters of the pretty-printed JSON). */
    static final int SHOWN_CHARS = 4096;
    /** Values up to this size are pretty-printed before they are cut; larger ones are shown as stored. */
    static final int PRETTY_MAX_CHARS = 256 * 1024;

    /**
     * One step. {@code answeredBy} says who produced an AI step's output: {@code LOCAL} (the local fallback, nothing
     * left the server), {@code ORG_KEY} or {@code SERVER_KEY}; null for other steps.
     */
    record Step(int position, String name, String kind, String status, Shown input, Shown output, String error,
                long durationMillis, String answeredBy, Instant resumesAt) {
        public boolean reached() {
            return !PENDING.equals(status) && !NOT_RUN.equals(status) && !SKIPPED.equals(status);
        }

        /** When the run goes on after a wait, with its time zone: "2026-01-31 14:05:00 UTC". */
        public String resumesAtText() {
            return resumesAt == null ? null : WHEN.format(resumesAt);
        }
    }

    /** A step of a run in progress that has not started yet. */
    static final String PENDING = "PENDING";
    /** A step of a finished run that never started (an earlier step failed or stopped the run). */
    static final String NOT_RUN = "NOT_RUN";
    /** A step on a route its router did not take; its error says which route was taken. */
    static final String SKIPPED = "SKIPPED";
    /** A step that finished and holds the run until {@code resumesAt} (a delay). */
    static final String WAITING = "WAITING";

    /**
     * The part of a value the page shows: {@code text} (null when there is no value), whether it was cut, and the
     * size of the whole value in words ("9.8 MB").
     */
    record Shown(String text, boolean truncated, String size) {
        static final Shown NONE = new Shown(null, false, "0 bytes");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /**
     * The run with every step of the Pilot: those recorded, then the rest as pending (run in progress) or not run.
     * While the run is in progress, a last recorded step that asked to wait shows as waiting, with when it resumes.
     */
    static RunPage of(Runs.RunView view, List<PilotDefinition.Step> defined) {
        var stored = PilotRepositoryView.stored(view);
        List<Step> steps = new ArrayList<>();
        int next = 0;
        for (int k = 0; k < stored.steps().size(); k++) {
            var s = stored.steps().get(k);
            boolean last = k == stored.steps().size() - 1;
            Instant resumesAt = view.inProgress() && last && "SUCCEEDED".equals(s.status()) ? resumesAt(s) : null;
            steps.add(new Step(s.position(), s.name(), s.kind(), resumesAt != null ? WAITING : s.status(), shown(s.input()),
                    shown(s.output()), s.error(), s.durationMillis(), answeredBy(s.kind(), s.output()), resumesAt));
            next = Math.max(next, s.position() + 1);
        }
        for (int i = next; i < defined.size(); i++) {
            var d = defined.get(i);
            steps.add(new Step(i, d.name(), d.kind(), view.inProgress() ? PENDING : NOT_RUN, Shown.NONE, Shown.NONE, null,
                    0, null, null));
        }
        return new RunPage(stored.run(), stored.pilot(), shown(stored.payload()), view.inProgress(), steps);
    }

    /** When a step that asked the run to wait (its output says how long) lets it go on; null for other steps. */
    private static Instant resumesAt(PilotRepositoryView.StoredStep s) {
        if (s.output() == null || s.finishedAt() == null || s.output().length() > 200 || !s.output().contains("waitedSeconds")) {
            return null;
        }
        try {
            var node = JSON.readTree(s.output()).get("waitedSeconds");
            return node != null && node.canConvertToLong() ? s.finishedAt().plusSeconds(node.asLong()) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String answeredBy(String kind, String output) {
        if (!"ai".equals(kind) || output == null || output.length() > PRETTY_MAX_CHARS) {
            return null;
        }
        Object parsed;
        try {
            parsed = JSON.readValue(output, Object.class);
        } catch (JacksonException e) {
            return null;
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            return null;
        }
        if (Boolean.TRUE.equals(m.get("producedLocally"))) {
            return "LOCAL";
        }
        return m.get("provider") instanceof String provider ? provider : null;
    }

    /** The stored JSON text as the page shows it: pretty-printed when small enough, cut at {@link #SHOWN_CHARS}. */
    static Shown shown(String stored) {
        if (stored == null) {
            return Shown.NONE;
        }
        String text = stored;
        if (stored.length() <= PRETTY_MAX_CHARS) {
            try {
                text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readValue(stored, Object.class));
            } catch (JacksonException e) {
                text = stored;
            }
        }
        String size = size(stored.getBytes(StandardCharsets.UTF_8).length);
        if (text.length() <= SHOWN_CHARS) {
            return new Shown(text, false, size);
        }
        int end = SHOWN_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return new Shown(text.substring(0, end) + "\n…", true, size);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}

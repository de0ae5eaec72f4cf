package dev.charter.pilots.web;

import dev.charter.pilots.internal.PilotRepositoryView;
import dev.charter.pilots.internal.Runs;
import java.nio.charset.StandardCharsets;
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
                long durationMillis, String answeredBy) {}

    /**
     * The part of a value the page shows: {@code text} (null when there is no value), whether it was cut, and the
     * size of the whole value in words ("9.8 MB").
     */
    record Shown(String text, boolean truncated, String size) {
        static final Shown NONE = new Shown(null, false, "0 bytes");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RunPage of(Runs.RunView view) {
        var stored = PilotRepositoryView.stored(view);
        List<Step> steps = stored.steps().stream().map(s -> new Step(s.position(), s.name(), s.kind(), s.status(),
                shown(s.input()), shown(s.output()), s.error(), s.durationMillis(), answeredBy(s.kind(), s.output()))).toList();
        return new RunPage(stored.run(), stored.pilot(), shown(stored.payload()), view.inProgress(), steps);
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

package dev.charter.pilots.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Waits before the next step. The run leaves the worker and comes back through the queue, so a long delay holds nothing. */
@Component
class DelayStep implements StepType {

    static final long MAX_SECONDS = 7 * 24 * 3600;

    @Override
    public String kind() {
        return "delay";
    }

    @Override
    public boolean reachesOut() {
        return false;
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Delay", "Wait before the next step (up to 7 days).",
                List.of(Field.of("seconds", "Seconds to wait", "number", true, "1 to 604800")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode s = config == null ? null : config.get("seconds");
        if (s == null || !s.canConvertToLong() || s.asLong() < 1 || s.asLong() > MAX_SECONDS) {
            errors.put("seconds", "Enter a whole number of seconds from 1 to " + MAX_SECONDS + ".");
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        long seconds = context.config().get("seconds").asLong();
        return StepOutcome.resumeAfter(Map.of("waitedSeconds", seconds), Duration.ofSeconds(seconds));
    }
}

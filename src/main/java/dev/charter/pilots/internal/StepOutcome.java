package dev.charter.pilots.internal;

import java.time.Duration;

/**
 * What a step produced.
 *
 * @param output    JSON-friendly value stored as the step's output and visible to later steps
 * @param stopRun   a condition that was false: the run ends here, successfully
 * @param resumeAfter a delay: the rest of the run continues after this long (null for none)
 */
public record StepOutcome(Object output, boolean stopRun, Duration resumeAfter) {

    public static StepOutcome of(Object output) {
        return new StepOutcome(output, false, null);
    }

    public static StepOutcome stop(Object output) {
        return new StepOutcome(output, true, null);
    }

    public static StepOutcome resumeAfter(Object output, Duration delay) {
        return new StepOutcome(output, false, delay);
    }
}

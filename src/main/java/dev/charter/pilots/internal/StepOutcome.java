package dev.charter.pilots.internal;

import java.time.Duration;

/**
 * What a step produced.
 *
 * @param output    JSON-friendly value stored as the step's output and visible to later steps
 * @param stopRun   a condition that was false: the run ends here, successfully
 * @param resumeAfter a delay: the rest of the run continues after this long (null for none)
 * @param recheckAfter not done yet: this same step runs again after this long (null for done)
 */
public record StepOutcome(Object output, boolean stopRun, Duration resumeAfter, Duration recheckAfter) {

    public StepOutcome(Object output, boolean stopRun, Duration resumeAfter) {
        this(output, stopRun, resumeAfter, null);
    }

    public static StepOutcome of(Object output) {
        return new StepOutcome(output, false, null);
    }

    public static StepOutcome stop(Object output) {
        return new StepOutcome(output, true, null);
    }

    public static StepOutcome resumeAfter(Object output, Duration delay) {
        return new StepOutcome(output, false, delay);
    }

    /**
     * The step is not done yet (it waits for something outside the run, such as a called Pilot): the run leaves the
     * worker, and this step runs again after {@code wait}, with the same idempotency key; nothing is recorded for it.
     */
    public static StepOutcome recheckAfter(Duration wait) {
        return new StepOutcome(null, false, null, wait);
    }
}

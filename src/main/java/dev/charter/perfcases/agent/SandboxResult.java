package dev.charter.perfcases.agent;

import java.time.Duration;

/**
 * How a sandbox ended.
 *
 * @param exitCode  the command's exit status (128 + signal when a signal ended it), or -1 when the wall clock ran
 *                  out and Charter killed the sandbox
 * @param timedOut  true when the wall clock ran out
 * @param stdout    the first {@link Sandboxes#MAX_OUTPUT_CHARS} characters of standard output
 * @param stderr    the first {@link Sandboxes#MAX_OUTPUT_CHARS} characters of standard error
 * @param elapsed   from start to the end of the last process inside
 */
public record SandboxResult(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}

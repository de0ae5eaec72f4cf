package dev.charter.pilots.internal.steps;

/** A step failed for a reason that will not pass by retrying (a 4xx, a refusal): the run fails with this message. */
class StepFailed extends RuntimeException {
    StepFailed(String message) {
        super(message);
    }
}

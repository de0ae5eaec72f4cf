package dev.charter.pilots.internal;

/** A step failed for a reason that may pass (a timeout, a 503): the run is retried from this step. */
public class RetryableStepFailure extends RuntimeException {
    public RetryableStepFailure(String message) {
        super(message);
    }
}

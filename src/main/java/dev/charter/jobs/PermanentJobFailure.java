package dev.charter.jobs;

/** A failure that retrying cannot fix (bad input, a deleted object): the job is marked dead at once. */
public class PermanentJobFailure extends RuntimeException {
    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

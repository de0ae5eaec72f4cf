package dev.charter.shared;

/** The request is understood but the current state forbids it (answered 409 with the reason). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}

package dev.charter.shared;

/** The caller may see the object but lacks the role for this action (answered 403 with the reason). */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}

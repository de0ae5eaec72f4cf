package dev.charter.shared;

/**
 * The object does not exist for the caller's organization. Answered 404 whether it is missing or
 * belongs to someone else, so that other tenants' objects cannot be discovered (ACC-3).
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what + " not found");
    }
}

package dev.charter.reviews.cycles.web;

import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import java.util.UUID;

/** Ids read from paths (a malformed one is simply not found) and from bodies and forms (a field error). */
final class Ids {

    private Ids() {}

    static UUID path(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException(what);
        }
    }

    static UUID field(String id, String field, String message) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, message);
        }
    }
}

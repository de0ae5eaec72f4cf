package dev.charter.pilots.internal.steps;

import dev.charter.shared.InvalidInputException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small helpers for reading and checking step configurations. */
final class Steps {

    private Steps() {}

    static String text(JsonNode config, String field) {
        JsonNode v = config == null ? null : config.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isString() ? v.asString() : v.toString();
        return s.isBlank() ? null : s;
    }

    /** Runs a check and adds its field errors. */
    static void check(Map<String, String> errors, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach(errors::putIfAbsent);
        }
    }

    /** A connection label is required and short. */
    static void requireLabel(Map<String, String> errors, JsonNode config, String what) {
        String label = text(config, "connection");
        if (label == null || label.length() > 120) {
            errors.put("connection", "Give the name of the " + what + " connection to use.");
        }
    }
}

package dev.charter.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input refused as a whole: each entry names a field and says what is wrong with it.
 * Answered 400 on the API, shown next to the fields on pages.
 */
public class InvalidInputException extends RuntimeException {
    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super(summary(fieldErrors));
        this.fieldErrors = Map.copyOf(new LinkedHashMap<>(fieldErrors));
    }

    public InvalidInputException(String field, String message) {
        this(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    private static String summary(Map<String, String> errors) {
        StringBuilder b = new StringBuilder();
        errors.forEach((f, m) -> b.append(b.isEmpty() ? "" : "; ").append(f).append(": ").append(m));
        return b.toString();
    }
}

package dev.charter.identity.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Field checks shared by the identity forms and API; collects every problem before refusing. */
final class Validation {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;

    private final Map<String, String> errors = new LinkedHashMap<>();

    static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    Validation email(String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Enter your email address.");
        } else if (value.length() > 254 || !EMAIL.matcher(value.strip()).matches()) {
            errors.put(field, "Enter an email address like name@example.com.");
        }
        return this;
    }

    Validation password(String field, String value) {
        if (value == null || value.length() < MIN_PASSWORD) {
            errors.put(field, "Use at least " + MIN_PASSWORD + " characters.");
        } else if (value.length() > MAX_PASSWORD) {
            errors.put(field, "Use at most " + MAX_PASSWORD + " characters.");
        }
        return this;
    }

    Validation required(String field, String value, int max, String label) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Enter " + label + ".");
        } else {
            optional(field, value, max);
        }
        return this;
    }

    Validation optional(String field, String value, int max) {
        if (value != null && value.strip().length() > max) {
            errors.put(field, "Use at most " + max + " characters.");
        }
        return this;
    }

    Validation check(boolean ok, String field, String message) {
        if (!ok) {
            errors.putIfAbsent(field, message);
        }
        return this;
    }

    void orThrow() {
        if (!errors.isEmpty()) {
            throw new dev.charter.shared.InvalidInputException(errors);
        }
    }
}

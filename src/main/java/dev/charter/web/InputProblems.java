package dev.charter.web;

import dev.charter.shared.TextInput;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns what the framework says about unreadable input into a field and a sentence for the sender: the JSON
 * pointer or parameter name, and the kind of value expected, never a class name or a parser setting.
 */
final class InputProblems {

    private InputProblems() {}

    /** One field and what is wrong with it. */
    record Problem(String field, String message) {
        Map<String, String> errors() {
            return Map.of(field, message);
        }

        String detail() {
            return field + ": " + message;
        }
    }

    /** For a body that could not be turned into the expected value. */
    static Problem body(Throwable cause) {
        Throwable c = cause;
        while (c != null && !(c instanceof JacksonException)) {
            c = c.getCause();
        }
        if (c == null) {
            return new Problem("body", "could not be read; send a JSON body.");
        }
        JacksonException e = (JacksonException) c;
        String field = pointer(e);
        if (e instanceof StreamConstraintsException) {
            return new Problem(field, "nests too deeply or holds a value too long to read.");
        }
        if (e instanceof UnrecognizedPropertyException) {
            return new Problem(field, "is not a known property here.");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new Problem(field, "must be " + expected(m.getTargetType()) + ".");
        }
        return new Problem(field, "is not valid JSON: " + TextInput.readable(e));
    }

    /** For a path variable or parameter that is not of its type. */
    static Problem parameter(String name, Class<?> type) {
        return new Problem(name == null ? "parameter" : name, "must be " + expected(type) + ".");
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (type == UUID.class || (type.isRecord() && IdRecords.isId(type))) {
            return "an id (a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6)";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time in ISO 8601 (such as 2026-01-31T09:00:00Z)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String pointer(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            b.append('/');
            if (r.getPropertyName() != null) {
                b.append(r.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                b.append(r.getIndex());
            }
        }
        return b.isEmpty() ? "body" : b.toString();
    }
}

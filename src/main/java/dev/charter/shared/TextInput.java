package dev.charter.shared;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * The one rule for text that enters Charter: it must be what it claims to be (valid in its declared
 * charset), hold nothing PostgreSQL cannot store (U+0000) and nothing that cannot be written back
 * unchanged (an unpaired surrogate), and its numbers must be finite. Input that breaks the rule is
 * refused with the field named, never stored changed.
 */
public final class TextInput {

    /** Deepest nesting of JSON arrays and objects accepted anywhere. */
    public static final int MAX_JSON_DEPTH = 200;

    /** Charsets a request may declare; anything else is refused rather than guessed. */
    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII", "ISO-8859-1", "WINDOWS-1252",
            "UTF-16", "UTF-16BE", "UTF-16LE");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
            .build();

    /** The request declared a charset Charter does not read. Answered 415. */
    public static class UnsupportedCharset extends RuntimeException {
        public UnsupportedCharset(String charset) {
            super("The charset '" + abbreviate(charset) + "' is not supported; send UTF-8 (or declare ISO-8859-1, "
                    + "US-ASCII, windows-1252 or UTF-16).");
        }
    }

    private TextInput() {}

    /** The charset a Content-Type header declares, UTF-8 if it declares none. */
    public static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String part : contentType.split(";")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                String name = kv[1].strip().replace("\"", "");
                try {
                    Charset c = Charset.forName(name);
                    if (CHARSETS.contains(c.name().toUpperCase(Locale.ROOT))) {
                        return c;
                    }
                } catch (IllegalArgumentException e) {
                    // an unknown or malformed name is refused below
                }
                throw new UnsupportedCharset(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Decodes strictly: bytes that are not valid in {@code charset} are refused, not replaced. */
    public static String decode(byte[] bytes, Charset charset, String field) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = decoder.decode(in).toString();
            checkText(field, text);
            return text;
        } catch (MalformedInputException e) {
            throw new InvalidInputException(field, "is not valid " + charset.name() + " (bad byte sequence at byte "
                    + in.position() + "); send text in the charset the request declares.");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, "is not valid " + charset.name() + " (at byte " + in.position()
                    + "); send text in the charset the request declares.");
        }
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} text (a body or a query string), percent-decoded to
     * bytes and then decoded strictly in {@code charset}. A field with a NUL, bytes that are not valid in the charset
     * or a broken percent-escape is refused by its name.
     */
    public static Map<String, List<String>> formFields(String encoded, Charset charset) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        int index = 0;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            index++;
            String[] kv = pair.split("=", 2);
            String unnamed = "field " + index;
            String name = formPart(kv[0], charset, unnamed, true);
            String value = kv.length > 1 ? formPart(kv[1], charset, name, false) : "";
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static String formPart(String encoded, Charset charset, String field, boolean isName) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new InvalidInputException(field, (isName ? "has a name with " : "has ")
                            + "a broken percent-escape at position " + i + "; encode '%' as %25.");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c & 0xFF);
            }
        }
        try {
            return decode(bytes.toByteArray(), charset, field);
        } catch (InvalidInputException e) {
            String why = e.fieldErrors().get(field);
            throw new InvalidInputException(field, isName ? "has a name that " + why : why);
        }
    }

    /** Refuses text holding U+0000 or an unpaired surrogate. */
    public static void checkText(String field, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
    }

    /** What is wrong with {@code text}, or null. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000) at position " + i + ", which cannot be stored; remove it.";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (U+" + hex(c) + ") at position " + i + "; send valid Unicode.";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (U+" + hex(c) + ") at position " + i + "; send valid Unicode.";
            }
        }
        return null;
    }

    /**
     * Reads {@code json} once, token by token, and refuses it if it is not one well-formed JSON value, nests deeper
     * than {@link #MAX_JSON_DEPTH}, or holds a name or string the text rule refuses or a number that is not finite
     * once read. Errors name the place as {@code field} followed by the JSON pointer.
     */
    public static void checkJson(String field, String json) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidInputException(name(field), "is empty; send a JSON value.");
            }
            int depth = 0;
            while (t != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case PROPERTY_NAME -> check(field, p, p.currentName(), true);
                    case VALUE_STRING -> check(field, p, p.getString(), false);
                    case VALUE_NUMBER_FLOAT -> checkNumber(field, p);
                    default -> { }
                }
                t = p.nextToken();
                if (depth == 0 && t != null) {
                    throw new InvalidInputException(name(field), "holds more than one JSON value; send exactly one.");
                }
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(name(field), "nests arrays and objects deeper than " + MAX_JSON_DEPTH
                    + " levels or has a value too long to read.");
        } catch (JacksonException e) {
            throw new InvalidInputException(name(field), "is not valid JSON: " + readable(e));
        }
    }

    /** A parser's message without the names of its classes and settings, with where it happened. */
    public static String readable(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
        m = m.split("\n", 2)[0];
        m = m.replaceAll("\\s*\\([^()]*`[^()]*\\)", "").replaceAll("`[^`]*`", "").strip();
        m = m.replaceAll("\\b(?:tools|com|java|javax|jakarta|org)\\.[a-z][\\w.$]*\\.", "");
        if (m.length() > 160) {
            m = m.substring(0, 160) + "…";
        }
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? m : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static void check(String field, JsonParser p, String text, boolean name) {
        String problem = problem(text);
        if (problem != null) {
            String where = pointer(field, p, name);
            throw new InvalidInputException(Map.of(where, (name ? "has a property name that " : "") + problem));
        }
    }

    private static void checkNumber(String field, JsonParser p) {
        double d = p.getDoubleValue();
        String literal = p.getText();
        boolean underflow = d == 0 && literal.split("[eE]", 2)[0].matches(".*[1-9].*");
        if (!Double.isFinite(d) || underflow) {
            throw new InvalidInputException(pointer(field, p, false), "is a number out of range ("
                    + abbreviate(literal) + "); send a finite number between about -1.8e308 and 1.8e308.");
        }
    }

    private static String pointer(String field, JsonParser p, boolean name) {
        var ctx = name ? p.streamReadContext().getParent() : p.streamReadContext();
        String path = p.streamReadContext().pathAsPointer().toString();
        if (name && ctx != null) {
            path = ctx.pathAsPointer().toString();
        }
        return path.isEmpty() ? name(field) : field + path;
    }

    /** A JSON body's own name when the error is about the whole of it. */
    private static String name(String field) {
        return field.isEmpty() ? "body" : field;
    }

    private static String hex(char c) {
        return String.format(Locale.ROOT, "%04X", (int) c);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

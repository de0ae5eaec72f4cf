package dev.charter.vault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A credential on its way into the vault, as a request body or form field carries it. Reads from a JSON
 * string; its JSON form, {@code toString} and log form are {@code [redacted]}, so echoing a request back
 * or logging a form never shows it. Call {@link #wipe()} once it is stored.
 */
public final class SecretValue {

    private final char[] chars;

    private SecretValue(char[] chars) {
        this.chars = chars;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SecretValue of(String value) {
        return new SecretValue(value == null ? new char[0] : value.toCharArray());
    }

    /** Takes ownership of {@code value}: it is zeroed by {@link #wipe()}. */
    public static SecretValue of(char[] value) {
        return new SecretValue(value == null ? new char[0] : value);
    }

    public boolean isBlank() {
        for (char c : chars) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    public int length() {
        return chars.length;
    }

    /** A copy of the characters; the caller zeroes it. */
    public char[] chars() {
        return chars.clone();
    }

    /** The value as UTF-8 bytes in a fresh array; the caller zeroes it. */
    public byte[] utf8() {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        return out;
    }

    public void wipe() {
        Arrays.fill(chars, '\0');
    }

    @JsonValue
    String redacted() {
        return "[redacted]";
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}

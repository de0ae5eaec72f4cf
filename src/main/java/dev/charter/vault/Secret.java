package dev.charter.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A decrypted credential, lent to the egress gateway for the duration of one
 * {@link Vault#useSecret} callback. Its bytes are zeroed when the callback returns; using it afterwards
 * throws. Its {@code toString} and JSON form are redacted, so it cannot end up in a log line by accident.
 *
 * <p>Keep no reference to {@link #bytes()} or {@link #chars()} beyond the callback. A {@link String}
 * made from them cannot be wiped: prefer writing the bytes straight into the outgoing request.
 */
public final class Secret {

    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes ownership of {@code plaintext}: the array is zeroed by {@link #destroy()}. */
    public Secret(byte[] plaintext) {
        this.bytes = plaintext;
    }

    /** The plaintext itself (not a copy): zeroed after the callback. */
    public byte[] bytes() {
        check();
        return bytes;
    }

    /** The plaintext as UTF-8 characters, in a fresh array the caller should zero when done. */
    public char[] chars() {
        check();
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] out = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
            Arrays.fill(cb.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("The credential is not UTF-8 text");
        }
    }

    public int length() {
        check();
        return bytes.length;
    }

    /** Zeroes the plaintext. Called by the vault when the callback returns. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("This credential was used outside its Vault.useSecret callback");
        }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String redacted() {
        return "[redacted]";
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}

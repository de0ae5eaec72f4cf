package dev.charter.vault.internal;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.Validator;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Opens Fernet tokens made by another system (VLT-7). fernet-java8 refuses tokens older than 60 seconds by
 * default, which suits session tokens, not credentials exported months ago: this validator accepts any age
 * (a time-to-live of 10,000 years) and keeps the library's check against timestamps from the future.
 * The HMAC check still runs: a token that was altered, or a wrong key, is refused.
 */
@Component
class FernetImport {

    static final Duration ANY_AGE = Duration.ofDays(365L * 10_000);

    private final Clock clock;

    FernetImport(Clock clock) {
        this.clock = clock;
    }

    /** The token's plaintext; the caller zeroes it. */
    byte[] open(SecretValue token, SecretValue key) {
        if (token == null || token.isBlank()) {
            throw new InvalidInputException("fernetToken", "Paste the Fernet token to import.");
        }
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("fernetKey", "Paste the Fernet key the token was made with (44 characters, base64url).");
        }
        byte[] keyBytes = decode(key);
        byte[] tokenBytes = decode(token);
        try {
            if (keyBytes == null || keyBytes.length != 32) {
                throw new InvalidInputException("fernetKey",
                        "This is not a Fernet key: it must be 32 bytes in base64url (44 characters).");
            }
            Token parsed;
            try {
                parsed = tokenBytes == null ? null : Token.fromBytes(tokenBytes);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null) {
                throw new InvalidInputException("fernetToken", "This is not a Fernet token (base64url text starting with gAAAAA).");
            }
            try {
                return parsed.validateAndDecrypt(new Key(keyBytes), new AnyAge(clock));
            } catch (RuntimeException e) {
                throw new InvalidInputException("fernetToken",
                        "The token does not open with this key: check that both come from the same system, unaltered.");
            }
        } finally {
            wipe(keyBytes);
            wipe(tokenBytes);
        }
    }

    /** base64url (padded or not) to bytes without making a String of the secret; null if it is not base64url. */
    private static byte[] decode(SecretValue value) {
        char[] chars = value.chars();
        byte[] ascii = new byte[chars.length];
        int n = 0;
        for (char c : chars) {
            if (!Character.isWhitespace(c)) {
                ascii[n++] = (byte) (c < 128 ? c : '?');
            }
        }
        java.util.Arrays.fill(chars, '\0');
        byte[] trimmed = java.util.Arrays.copyOf(ascii, n);
        java.util.Arrays.fill(ascii, (byte) 0);
        try {
            return java.util.Base64.getUrlDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            return null;
        } finally {
            java.util.Arrays.fill(trimmed, (byte) 0);
        }
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    private record AnyAge(Clock clock) implements Validator<byte[]> {
        @Override
        public Clock getClock() {
            return clock;
        }

        @Override
        public TemporalAmount getTimeToLive() {
            return ANY_AGE;
        }

        @Override
        public Function<byte[], byte[]> getTransformer() {
            return Function.identity();
        }
    }
}

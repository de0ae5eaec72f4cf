package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException.Kind;
import java.time.Duration;

/** What the providers' HTTP statuses and headers mean, the same for every model API. */
final class ModelErrors {

    private ModelErrors() {}

    static Kind kindOf(int status) {
        return switch (status) {
            case 401, 402, 403 -> Kind.KEY_REFUSED;
            case 400, 404, 413, 422 -> Kind.REQUEST_REFUSED;
            case 429 -> Kind.RATE_LIMITED;
            case 504 -> Kind.TIMEOUT;
            default -> status >= 500 ? Kind.PROVIDER_UNAVAILABLE : Kind.REQUEST_REFUSED;
        };
    }

    /** A {@code retry-after} of whole seconds below a day, else null. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 && seconds < 86_400 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Printable characters only, at most {@code max} of them. */
    static String clean(String s, int max) {
        String printable = s.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= max ? printable : printable.substring(0, max) + "…";
    }
}

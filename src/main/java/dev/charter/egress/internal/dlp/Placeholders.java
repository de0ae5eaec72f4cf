package dev.charter.egress.internal.dlp;

import java.util.List;
import java.util.Locale;

/**
 * Values in a secret's format that are not secrets: documentation placeholders ({@code ghp_xxxx…},
 * {@code sk_live_XXXX…}, AWS's {@code AKIAIOSFODNN7EXAMPLE}), template holes ({@code <your-token>},
 * {@code {{token}}}, {@code ${TOKEN}}), marker words ({@code example}, {@code dummy}, {@code redacted}), a character
 * repeated, a short block repeated, or a run of a sequential alphabet. A random token of the documented length has
 * none of these except by a chance far below one in a million.
 */
final class Placeholders {

    private static final List<String> MARKERS = List.of("example", "dummy", "redacted", "placeholder", "sample",
            "your_", "your-", "yourtoken", "yourkey", "xxxx", "fake", "changeme", "replace", "insert", "token_here",
            "key_here", "...", "<", ">", "{{", "${", "****");
    static final int MAX_RUN = 5;
    static final int MAX_SEQUENCE = 6;

    private Placeholders() {}

    static boolean looksFake(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String m : MARKERS) {
            if (lower.contains(m)) {
                return true;
            }
        }
        return repetitive(value) || sequential(lower);
    }

    /** A character repeated, a short block repeated, or only a handful of distinct characters. */
    static boolean repetitive(String value) {
        return repeats(value) || periodic(value) || fewDistinct(value);
    }

    /** The same character {@value #MAX_RUN} times in a row. */
    private static boolean repeats(String s) {
        int run = 1;
        for (int i = 1; i < s.length(); i++) {
            run = s.charAt(i) == s.charAt(i - 1) && Character.isLetterOrDigit(s.charAt(i)) ? run + 1 : 1;
            if (run >= MAX_RUN) {
                return true;
            }
        }
        return false;
    }

    /** {@value #MAX_SEQUENCE} characters of an alphabet in order, up or down: {@code abcdef}, {@code 123456}. */
    private static boolean sequential(String lower) {
        int up = 1;
        int down = 1;
        for (int i = 1; i < lower.length(); i++) {
            char c = lower.charAt(i);
            char p = lower.charAt(i - 1);
            boolean alnum = Character.isLetterOrDigit(c) && Character.isLetterOrDigit(p);
            up = alnum && c == p + 1 ? up + 1 : 1;
            down = alnum && c == p - 1 ? down + 1 : 1;
            if (up >= MAX_SEQUENCE || down >= MAX_SEQUENCE) {
                return true;
            }
        }
        return false;
    }

    /** The last 16 or more characters are a block of at most 8 repeated ({@code abc123abc123…}). */
    private static boolean periodic(String s) {
        int tail = Math.min(s.length(), 24);
        if (tail < 16) {
            return false;
        }
        String t = s.substring(s.length() - tail);
        for (int p = 1; p <= 8; p++) {
            boolean same = true;
            for (int i = p; i < t.length() && same; i++) {
                same = t.charAt(i) == t.charAt(i - p);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** Long values drawn from only a handful of characters. */
    private static boolean fewDistinct(String s) {
        if (s.length() < 16) {
            return false;
        }
        long distinct = s.chars().filter(Character::isLetterOrDigit).distinct().count();
        return distinct < Math.min(10, s.length() / 4);
    }
}

package dev.charter.egress.internal.dlp;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.Predicate;

/**
 * A secret format as an RE2J pattern (linear time, safe on hostile input). The pattern only runs when one of its
 * literal anchors occurs in the text. Patterns built with {@link #token} only match where the secret is not glued
 * to a longer token: the character before it is checked by the pattern, the one after it here. The search always
 * moves past the secret it looked at, so the scan stays linear.
 *
 * @param anchors    lower-case literals one of which every match contains
 * @param group      the capture group holding the secret
 * @param tokenChars characters that may not follow the secret ("" for no check)
 * @param valid      further check on the secret text
 */
record PatternDetector(String kind, String label, Pattern pattern, int group, List<String> anchors, String tokenChars,
                       int priority, Predicate<String> valid) implements Detector {

    /** Characters of base64url-like tokens, the most common secret alphabet. */
    static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /** A detector for {@code body}, a regex for the secret, that must not be glued to other {@code tokenChars}. */
    static PatternDetector token(String kind, String label, String body, String tokenChars, int priority,
                                 Predicate<String> valid, String... anchors) {
        String cls = "[^" + escapeForClass(tokenChars) + "]";
        Pattern p = Pattern.compile("(?:^|" + cls + ")(" + body + ")");
        return new PatternDetector(kind, label, p, 1, List.of(anchors), tokenChars, priority, valid);
    }

    @Override
    public void find(String text, String lower, List<Finding> out) {
        if (anchors.stream().noneMatch(lower::contains)) {
            return;
        }
        Matcher m = pattern.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            int start = m.start(group);
            int end = m.end(group);
            if (end > start && !followedByToken(text, end) && valid.test(text.substring(start, end))) {
                out.add(new Finding(kind, label, start, end, priority, null));
            }
            from = Math.max(Math.max(end, m.end()), from + 1);
        }
    }

    private boolean followedByToken(String text, int end) {
        return !tokenChars.isEmpty() && end < text.length() && tokenChars.indexOf(text.charAt(end)) >= 0;
    }

    private static String escapeForClass(String chars) {
        StringBuilder b = new StringBuilder();
        for (char c : chars.toCharArray()) {
            if ("\\]^-[".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}

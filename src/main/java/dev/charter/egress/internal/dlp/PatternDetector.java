package dev.charter.egress.internal.dlp;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.Predicate;

/**
 * A secret format as an RE2J pattern (linear time, safe on hostile input), run only next to its literal anchors. A match counts only when the characters on either side are not part of the same token (a
 * {@code ghp_…} inside a longer base64 run is no GitHub token) and when the validator accepts it.
 *
 * @param group      the capture group holding the secret
 * @param anchors    literals, one of which occurs in every match: lower case, or exactly as written when
 *                   {@code exactCase} is set (for short anchors such as Twilio's {@code AC}, which would otherwise
 *                   open a window at every "ac" of prose)
 * @param before     how far before its anchor a match may start
 * @param after      how far after its anchor a match may end; a token still running at the window's end is followed
 *                   to its end when {@code extend} is set
 * @param tokenChars characters that may not touch the secret on either side ("" for no check)
 * @param valid      further check on the secret text
 */
record PatternDetector(String kind, String label, Pattern pattern, int group, List<String> anchors, boolean exactCase,
                       int before, int after, boolean extend, String tokenChars, int priority, Predicate<String> valid)
        implements Detector {

    /** Characters of base64url-like tokens, the most common secret alphabet. */
    static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final int TOKEN_WINDOW = 512;

    /**
     * A token that starts with one of its anchors ({@code ghp_…}), is at most {@value #TOKEN_WINDOW} characters
     * long unless it continues with {@code tokenChars}, must not touch other {@code tokenChars}, and is not a
     * {@link Placeholders placeholder}.
     */
    static PatternDetector token(String kind, String label, String regex, String tokenChars, int priority,
                                 Predicate<String> valid, String... anchors) {
        return new PatternDetector(kind, label, Pattern.compile(regex), 0, List.of(anchors), false, 0, TOKEN_WINDOW, true,
                tokenChars, priority, real(valid));
    }

    /** Like {@link #token}, with anchors matched in their exact case. */
    static PatternDetector exactCaseToken(String kind, String label, String regex, String tokenChars, int priority,
                                          Predicate<String> valid, String... anchors) {
        return new PatternDetector(kind, label, Pattern.compile(regex), 0, List.of(anchors), true, 0, TOKEN_WINDOW, true,
                tokenChars, priority, real(valid));
    }

    /**
     * A secret found by its context: {@code regex} runs in windows from {@code before} characters ahead of an anchor
     * to {@code after} characters past it, and its group {@code group} is the secret.
     */
    static PatternDetector near(String kind, String label, String regex, int group, int before, int after,
                                String tokenChars, Predicate<String> valid, String... anchors) {
        return new PatternDetector(kind, label, Pattern.compile(regex), group, List.of(anchors), false, before, after,
                false, tokenChars, SecretPatterns.SPECIFIC, real(valid));
    }

    /** Like {@link #near}, but a specific format found over the same characters wins (priority {@code CONTEXT}). */
    static PatternDetector context(String kind, String label, String regex, int group, int before, int after,
                                   String tokenChars, Predicate<String> valid, String... anchors) {
        return new PatternDetector(kind, label, Pattern.compile(regex), group, List.of(anchors), false, before, after,
                false, tokenChars, SecretPatterns.CONTEXT, real(valid));
    }

    private static Predicate<String> real(Predicate<String> valid) {
        return s -> !Placeholders.looksFake(s) && valid.test(s);
    }

    /**
     * Runs the pattern at each occurrence of an anchor, over at most {@code before + after} characters: from the
     * anchor itself, anchored there, when {@code before} is 0 (the pattern starts with its anchor), else over the
     * short region around it. The work per occurrence is bounded, however dense the text is with anchors.
     */
    @Override
    public void find(String text, String lower, List<Finding> out) {
        find(text, lower, Windows.positions(exactCase ? text : lower, anchors), out);
    }

    @Override
    public void find(String text, String lower, Scan scan, List<Finding> out) {
        find(text, lower, (exactCase ? scan.exact() : scan.lower()).positions(anchors), out);
    }

    private void find(String text, String lower, int[] positions, List<Finding> out) {
        int covered = -1;
        for (int at : positions) {
            if (at < covered) {
                continue;
            }
            int from = Math.max(0, at - before);
            int to = (int) Math.min(text.length(), (long) at + after);
            Matcher m = pattern.matcher(text.substring(from, to));
            boolean found = before == 0 ? m.lookingAt() : m.find();
            while (found) {
                int start = from + m.start(group);
                int end = from + m.end(group);
                if (extend && end == to) {
                    end = extendToken(text, end);
                }
                if (end > start && !touches(text, start, end) && valid.test(text.substring(start, end))) {
                    out.add(new Finding(kind, label, start, end, priority, null));
                    covered = Math.max(covered, end);
                }
                found = before != 0 && m.end() < to - from && m.find(Math.max(m.end(), m.start() + 1));
            }
        }
    }

    private int extendToken(String text, int end) {
        while (end < text.length() && tokenChars.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return end;
    }

    private boolean touches(String text, int start, int end) {
        return !tokenChars.isEmpty() && ((start > 0 && tokenChars.indexOf(text.charAt(start - 1)) >= 0)
                || (end < text.length() && tokenChars.indexOf(text.charAt(end)) >= 0));
    }
}

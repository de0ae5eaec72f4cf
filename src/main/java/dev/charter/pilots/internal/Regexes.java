package dev.charter.pilots.internal;

import com.dashjoin.jsonata.Jsonata;
import com.google.re2j.Matcher;
import com.google.re2j.PatternSyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Regular expression literals of expressions run on RE2J, whose matching time grows linearly with the
 * text, never on {@code java.util.regex}, where a pattern such as {@code (a+)+$} backtracks for ever. The
 * text is read through a view that checks the evaluation's deadline.
 */
final class Regexes {

    private Regexes() {}

    /** Why a literal is refused, or null when RE2J accepts it. */
    static String refusal(Pattern literal) {
        try {
            compile(literal);
            return null;
        } catch (ExpressionGuard.LimitExceeded e) {
            return e.getMessage();
        }
    }

    static com.google.re2j.Pattern compile(Pattern literal) {
        int flags = 0;
        if ((literal.flags() & Pattern.CASE_INSENSITIVE) != 0) {
            flags |= com.google.re2j.Pattern.CASE_INSENSITIVE;
        }
        if ((literal.flags() & Pattern.MULTILINE) != 0) {
            flags |= com.google.re2j.Pattern.MULTILINE;
        }
        try {
            return com.google.re2j.Pattern.compile(literal.pattern(), flags);
        } catch (PatternSyntaxException e) {
            throw new ExpressionGuard.LimitExceeded("The regular expression /" + shorten(literal.pattern())
                    + "/ cannot be used: backreferences, lookahead and lookbehind are not supported, so that"
                    + " matching takes time in proportion to the text.");
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** What {@code /re/(text)} gives: the first match with a {@code next} function for the one after. */
    static Object closure(Matcher m, ExpressionGuard guard) {
        if (!m.find()) {
            return null;
        }
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("match", m.group());
        match.put("start", m.start());
        match.put("end", m.end());
        match.put("groups", groups(m));
        match.put("next", (Jsonata.Fn0<Object>) () -> {
            guard.tick();
            return closure(m, guard);
        });
        return match;
    }

    static List<String> groups(Matcher m) {
        List<String> groups = new java.util.ArrayList<>(m.groupCount());
        for (int g = 1; g <= m.groupCount(); g++) {
            String group = m.group(g);
            groups.add(group == null ? "" : group);
        }
        return groups;
    }

    /** The text as the matcher reads it, checking the deadline as it goes. */
    record Timed(String text, ExpressionGuard guard) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            guard.tick();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

package dev.charter.egress.internal.dlp;

import java.util.List;
import java.util.function.Function;

/** Replaces findings in text with their aliases, leaving every other character as it was. */
public final class Redactor {

    private Redactor() {}

    /** @param findings non-overlapping, in text order, as {@link DlpScanner#scan} returns them */
    public static String replace(String text, List<Finding> findings, Function<Finding, String> alias) {
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : findings) {
            b.append(text, at, f.start()).append(alias.apply(f));
            at = f.end();
        }
        return b.append(text, at, text.length()).toString();
    }

    /**
     * The secret behind a finding's span as it reads once decoded (JSON escapes, percent-encoding undone), so the same
     * secret gets the same alias whether it went out plain or encoded.
     */
    public static String canonical(String span) {
        String s = span;
        if (s.indexOf('\\') >= 0) {
            DecodedViews.View v = DecodedViews.jsonUnescaped(s);
            s = v == null ? s : v.text();
        }
        if (s.indexOf('%') >= 0) {
            DecodedViews.View v = DecodedViews.percentDecoded(s);
            s = v == null ? s : v.text();
        }
        return s;
    }
}

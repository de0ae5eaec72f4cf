package dev.charter.egress.internal.dlp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decoded forms of outbound text that secrets hide in: JSON string escapes ({@code \n}, {@code \"},
 * {@code \u0041}; up to three levels, for JSON inside a JSON string inside a JSON body), percent-encoding (form bodies, query strings), MIME
 * quoted-printable, and base64 runs (MIME base64 bodies, encoded words, values a caller base64-encoded). Each view
 * knows, for every decoded character, the span of the original text it came from, so a finding in a view maps back
 * to the exact bytes that carry it: whole escape sequences for JSON, percent and quoted-printable text (replacing
 * them keeps the body well formed), the whole run for base64.
 */
final class DecodedViews {

    /** Decoded text, and for each of its characters the span {@code [from, to)} of the text it was decoded from. */
    record View(String text, int[] from, int[] to) {
        /** The span of the original text behind decoded characters {@code [start, end)}. */
        int[] original(int start, int end) {
            return new int[] {from[start], to[end - 1]};
        }
    }

    static final int MAX_JSON_LEVELS = 3;
    static final int MIN_BASE64 = 16;
    static final int MAX_BASE64 = 1 << 20;

    private DecodedViews() {}

    static List<View> of(String text, String lower) {
        List<View> views = new ArrayList<>(2);
        List<View> unescaped = new ArrayList<>(2);
        String current = text;
        View previous = null;
        // JSON inside a JSON string inside a JSON body (a payload in a message in an AI request) is three levels deep
        for (int level = 0; level < MAX_JSON_LEVELS && current.indexOf('\\') >= 0; level++) {
            View json = jsonUnescaped(current);
            if (json == null) {
                break;
            }
            View mapped = previous == null ? json : compose(previous, json);
            unescaped.add(mapped);
            previous = mapped;
            current = json.text();
        }
        for (View u : unescaped) {
            views.add(sparse(u));
        }
        decoded(text, lower, null, views);
        for (View u : unescaped) {
            decoded(u.text(), u.text().toLowerCase(java.util.Locale.ROOT), u, views);
        }
        return views;
    }

    /** Percent, quoted-printable and base64 views of {@code s}, which is {@code base}'s text (or the original). */
    private static void decoded(String s, String lower, View base, List<View> views) {
        List<View> found = new ArrayList<>(2);
        if (s.indexOf('%') >= 0) {
            View percent = percentDecoded(s);
            if (percent != null) {
                found.add(percent);
            }
        }
        if (lower.contains("quoted-printable") || lower.contains("?q?")) {
            View qp = quotedPrintable(s);
            if (qp != null) {
                found.add(qp);
            }
        }
        int textViews = found.size();
        base64Runs(s, found);
        for (int k = 0; k < found.size(); k++) {
            View v = k < textViews ? sparse(found.get(k)) : found.get(k);
            views.add(base == null ? v : compose(base, v));
        }
    }

    static final int BEFORE_CHANGE = 256;
    static final int AFTER_CHANGE = 1024;

    /**
     * Only the parts of a decoded view near something that was decoded: the rest reads as the original text, which
     * is scanned anyway. Parts are joined by a line break (which ends every token), or the whole view is kept when
     * the parts would cover most of it.
     */
    static View sparse(View v) {
        int n = v.text().length();
        List<int[]> parts = new ArrayList<>();
        int[] last = null;
        for (int k = 0; k < n; k++) {
            boolean changed = v.to()[k] - v.from()[k] != 1 || (k > 0 && v.from()[k] != v.to()[k - 1]);
            if (!changed) {
                continue;
            }
            int from = Math.max(0, k - BEFORE_CHANGE);
            int to = Math.min(n, k + AFTER_CHANGE);
            if (last != null && from <= last[1]) {
                last[1] = Math.max(last[1], to);
            } else {
                last = new int[] {from, to};
                parts.add(last);
            }
        }
        long covered = parts.stream().mapToLong(p -> p[1] - p[0]).sum();
        if (covered * 10 >= n * 7L) {
            return v;
        }
        StringBuilder b = new StringBuilder((int) covered + parts.size());
        int[] from = new int[(int) covered + parts.size()];
        int[] to = new int[from.length];
        for (int[] p : parts) {
            if (b.length() > 0) {
                from[b.length()] = v.from()[p[0]];
                to[b.length()] = v.from()[p[0]];
                b.append('\n');
            }
            for (int k = p[0]; k < p[1]; k++) {
                from[b.length()] = v.from()[k];
                to[b.length()] = v.to()[k];
                b.append(v.text().charAt(k));
            }
        }
        return new View(b.toString(), java.util.Arrays.copyOf(from, b.length()), java.util.Arrays.copyOf(to, b.length()));
    }

    static View jsonUnescaped(String s) {
        int n = s.length();
        Mapped b = new Mapped(n);
        boolean changed = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int len = 1;
            char out = c;
            if (c == '\\' && i + 1 < n) {
                char e = s.charAt(i + 1);
                switch (e) {
                    case 'n' -> out = '\n';
                    case 'r' -> out = '\r';
                    case 't' -> out = '\t';
                    case 'b' -> out = '\b';
                    case 'f' -> out = '\f';
                    case '"', '\\', '/', '\'' -> out = e;
                    case 'u' -> out = i + 5 < n ? hex4(s, i + 2) : '\uffff';
                    default -> out = '\uffff';
                }
                if (out == '\uffff') {
                    out = c;
                } else {
                    len = e == 'u' ? 6 : 2;
                    changed = true;
                }
            }
            b.put(out, i, i + len);
            i += len;
        }
        return changed ? b.view() : null;
    }

    static View percentDecoded(String s) {
        int n = s.length();
        Mapped b = new Mapped(n);
        boolean changed = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int len = 1;
            char out = c;
            if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out = (char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                len = 3;
                changed = true;
            } else if (c == '+') {
                out = ' ';
            }
            b.put(out, i, i + len);
            i += len;
        }
        return changed ? b.view() : null;
    }

    static View quotedPrintable(String s) {
        int n = s.length();
        Mapped b = new Mapped(n);
        boolean changed = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '=' && i + 1 < n && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
                i += s.startsWith("=\r\n", i) ? 3 : 2;
                changed = true;
                continue;
            }
            int len = 1;
            char out = c;
            if (c == '=' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out = (char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                len = 3;
                changed = true;
            }
            b.put(out, i, i + len);
            i += len;
        }
        return changed ? b.view() : null;
    }

    /**
     * Runs of base64 (standard or URL alphabet, MIME line breaks allowed between full lines) that decode to text: each
     * becomes a view whose every character maps to the whole run.
     */
    static void base64Runs(String s, List<View> views) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isBase64(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int letters = 0;
            boolean upper = false;
            while (i < n) {
                char c = s.charAt(i);
                if (isBase64(c)) {
                    letters++;
                    upper |= c >= 'A' && c <= 'Z';
                    i++;
                } else if ((c == '\r' || c == '\n') && letters >= 40 && i + 1 < n) {
                    int j = c == '\r' && s.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                    if (j < n && isBase64(s.charAt(j))) {
                        i = j;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            int end = i;
            while (end < n && s.charAt(end) == '=' && end - i < 2) {
                end++;
            }
            // base64 of text always has capitals (the top bits of printable bytes); hex, UUIDs and words have none
            if (upper && letters >= MIN_BASE64 && letters <= MAX_BASE64) {
                String decoded = decode(s.substring(start, i));
                if (decoded != null) {
                    int[] from = new int[decoded.length()];
                    int[] to = new int[decoded.length()];
                    java.util.Arrays.fill(from, start);
                    java.util.Arrays.fill(to, end);
                    views.add(new View(decoded, from, to));
                }
            }
            i = end;
        }
    }

    /** Text, or null when the run is not base64 of mostly printable characters. */
    private static String decode(String run) {
        String compact = run.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 == 1) {
            return null;
        }
        boolean url = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        if (url && (compact.indexOf('+') >= 0 || compact.indexOf('/') >= 0)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = url ? Base64.getUrlDecoder().decode(compact) : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int printable = 0;
        for (byte x : bytes) {
            int v = x & 0xff;
            if ((v >= 0x20 && v < 0x7f) || v == '\n' || v == '\r' || v == '\t' || v >= 0xc2) {
                printable++;
            }
        }
        return bytes.length >= 8 && printable * 100 >= bytes.length * 97
                ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) : null;
    }

    /** A view of a view, mapped to the original text. */
    private static View compose(View outer, View inner) {
        int n = inner.text().length();
        int[] from = new int[n];
        int[] to = new int[n];
        for (int k = 0; k < n; k++) {
            from[k] = outer.from()[inner.from()[k]];
            to[k] = outer.to()[inner.to()[k] - 1];
        }
        return new View(inner.text(), from, to);
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '-' || c == '_';
    }

    private static char hex4(String s, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int h = hex(s.charAt(at + k));
            if (h < 0) {
                return '\uffff';
            }
            v = v * 16 + h;
        }
        return (char) v;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A decoded text being built, each character with the span of the original it came from. */
    private static final class Mapped {
        private final StringBuilder text;
        private final int[] from;
        private final int[] to;

        Mapped(int capacity) {
            text = new StringBuilder(capacity);
            from = new int[capacity];
            to = new int[capacity];
        }

        void put(char decoded, int start, int end) {
            from[text.length()] = start;
            to[text.length()] = end;
            text.append(decoded);
        }

        View view() {
            return new View(text.toString(), from, to);
        }
    }

}

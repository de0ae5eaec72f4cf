package dev.charter.egress.internal.dlp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Finds the organization's own stored credentials in outbound text by exact match against their keyed hashes.
 * Candidates are the text's tokens at two granularities (split on whitespace, quotes and brackets; then also on
 * {@code = : & ? / @ # |}), plus, for each token, its percent-decoded, JSON-unescaped and base64-decoded forms and
 * the path of a URL (a credential inside a Basic authorization value, a URL-encoded form or a webhook URL is still
 * found). Only candidates whose length some stored credential has are hashed. A hit covers the whole token it came
 * from. Credentials shorter than {@value #MIN_LENGTH} characters are not looked for.
 *
 * @param allowedCredential the id of the credential this request legitimately carries to its own connection, or null
 */
public record ExactMatchDetector(CredentialFingerprints fingerprints, String allowedCredential) implements Detector {

    static final int MIN_LENGTH = 8;
    static final int PRIORITY = 100;
    private static final boolean[] WIDE = separators(" \t\r\n\f\u000b\"'`<>(){}[],;");
    private static final boolean[] NARROW = separators(" \t\r\n\f\u000b\"'`<>(){}[],;=:&?/@#|");
    private static final boolean[] BASE64 = separators("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=");

    @Override
    public void find(String text, String lower, List<Finding> out) {
        if (fingerprints.isEmpty()) {
            return;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isIn(WIDE, text.charAt(i))) {
                i++;
            }
            int start = i;
            boolean narrowInside = false;
            while (i < n && !isIn(WIDE, text.charAt(i))) {
                narrowInside |= isIn(NARROW, text.charAt(i));
                i++;
            }
            if (i - start >= MIN_LENGTH && !check(text, start, i, out) && narrowInside) {
                checkParts(text, start, i, out);
            }
        }
    }

    private void checkParts(String text, int from, int to, List<Finding> out) {
        int i = from;
        while (i < to) {
            while (i < to && isIn(NARROW, text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && !isIn(NARROW, text.charAt(i))) {
                i++;
            }
            if (i - start >= MIN_LENGTH) {
                check(text, start, i, out);
            }
        }
    }

    /** True when the token (or one of its decoded forms) is a stored credential; adds the finding. */
    private boolean check(String text, int s, int e, List<Finding> out) {
        String id = identify(text, s, e);
        if (id == null || id.equals(allowedCredential)) {
            return false;
        }
        out.add(new Finding("credential", "stored credential", s, e, PRIORITY, id));
        return true;
    }

    private String identify(String text, int s, int e) {
        int len = e - s;
        String id = match(text, s, e);
        if (id == null && ".!?:".indexOf(text.charAt(e - 1)) >= 0) {
            id = match(text, s, e - 1);
        }
        if (id != null) {
            return id;
        }
        boolean percent = false;
        boolean backslash = false;
        boolean base64 = len >= 12;
        int scheme = -1;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            percent |= c == '%';
            backslash |= c == '\\';
            base64 &= isIn(BASE64, c);
            if (scheme < 0 && c == ':' && i + 2 < e && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
                scheme = i;
            }
        }
        if (scheme > 0) {
            int path = text.indexOf('/', scheme + 3);
            if (path > 0 && path < e && (id = match(text, path, e)) != null) {
                return id;
            }
        }
        if (percent && (id = matchDecoded(decodePercent(text.substring(s, e)))) != null) {
            return id;
        }
        if (backslash && (id = matchDecoded(text.substring(s, e).replace("\\/", "/").replace("\\u0026", "&")
                .replace("\\u003d", "=").replace("\\\\", "\\"))) != null) {
            return id;
        }
        if (base64 && plausibleBase64(len) && (id = matchDecoded(decodeBase64(text.substring(s, e)))) != null) {
            return id;
        }
        return null;
    }

    /** A decoded form: itself, or one of its narrow parts (the password of a decoded {@code user:password}). */
    private String matchDecoded(String decoded) {
        if (decoded == null || decoded.length() < MIN_LENGTH) {
            return null;
        }
        String id = match(decoded, 0, decoded.length());
        int i = 0;
        while (id == null && i < decoded.length()) {
            while (i < decoded.length() && isIn(NARROW, decoded.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < decoded.length() && !isIn(NARROW, decoded.charAt(i))) {
                i++;
            }
            if (i - start >= MIN_LENGTH && i - start < decoded.length()) {
                id = match(decoded, start, i);
            }
        }
        return id;
    }

    private String match(String text, int s, int e) {
        return e - s >= MIN_LENGTH && fingerprints.plausibleLength(e - s) ? fingerprints.match(text.substring(s, e)) : null;
    }

    /** Base64 runs worth decoding: a stored credential, or the password inside a user:password, could be in them. */
    private static boolean plausibleBase64(int encodedLength) {
        return encodedLength % 4 != 1 && encodedLength <= 4096;
    }

    private static String decodePercent(String token) {
        try {
            return URLDecoder.decode(token, StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodeBase64(String token) {
        try {
            String t = token.replace("=", "");
            byte[] bytes = t.indexOf('-') >= 0 || t.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
            for (byte b : bytes) {
                if ((b < 0x20 && b != '\t') || b == 0x7f) {
                    return null;
                }
            }
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean[] separators(String chars) {
        boolean[] table = new boolean[128];
        for (char c : chars.toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    private static boolean isIn(boolean[] table, char c) {
        return c < 128 && table[c];
    }
}

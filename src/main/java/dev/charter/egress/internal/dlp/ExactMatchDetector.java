package dev.charter.egress.internal.dlp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds the organization's own stored credentials in outbound text by exact match against their keyed hashes.
 * Candidates are the text's tokens at two granularities (split on whitespace, quotes and brackets; then also on
 * {@code = : & ? / @ # |}), plus, for each token, its percent-decoded, JSON-unescaped and base64-decoded forms (a
 * credential inside a Basic authorization value or a URL-encoded form is still found). A hit covers the whole token
 * it came from. Credentials shorter than {@value #MIN_LENGTH} characters are not looked for.
 *
 * @param allowedCredential the id of the credential this request legitimately carries to its own connection, or null
 */
public record ExactMatchDetector(CredentialFingerprints fingerprints, String allowedCredential) implements Detector {

    static final int MIN_LENGTH = 8;
    static final int PRIORITY = 100;
    private static final String SEP_WIDE = " \t\r\n\f\u000b\"'`<>(){}[],;";
    private static final String SEP_NARROW = SEP_WIDE + "=:&?/@#|";

    @Override
    public void find(String text, String lower, List<Finding> out) {
        forEachToken(text, 0, text.length(), SEP_WIDE, (s, e) -> {
            if (checkToken(text, s, e, out)) {
                return;
            }
            forEachToken(text, s, e, SEP_NARROW, (s2, e2) -> {
                if (s2 != s || e2 != e) {
                    checkToken(text, s2, e2, out);
                }
            });
        });
    }

    /** True when the token (or one of its decoded forms) is a stored credential; adds the finding. */
    private boolean checkToken(String text, int s, int e, List<Finding> out) {
        if (e - s < MIN_LENGTH) {
            return false;
        }
        String token = text.substring(s, e);
        String id = matchWithVariants(token);
        if (id == null && ".!?:".indexOf(token.charAt(token.length() - 1)) >= 0) {
            id = matchOne(token.substring(0, token.length() - 1));
        }
        if (id == null || id.equals(allowedCredential)) {
            return false;
        }
        out.add(new Finding("credential", "stored credential", s, e, PRIORITY, id));
        return true;
    }

    private String matchWithVariants(String token) {
        String id = matchOne(token);
        if (id != null) {
            return id;
        }
        for (String variant : variants(token)) {
            id = matchOne(variant);
            if (id != null) {
                return id;
            }
            List<String> parts = new ArrayList<>();
            forEachToken(variant, 0, variant.length(), SEP_NARROW, (a, b) -> parts.add(variant.substring(a, b)));
            for (String p : parts) {
                id = matchOne(p);
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    private String matchOne(String candidate) {
        int n = candidate.length();
        return n >= MIN_LENGTH && fingerprints.plausibleLength(n) ? fingerprints.match(candidate) : null;
    }

    /**
     * Percent-decoded, JSON-unescaped and base64-decoded forms of a token, where they differ from it, and the path
     * and query of a URL (the secret part of a webhook URL).
     */
    static List<String> variants(String token) {
        List<String> out = new ArrayList<>(4);
        int scheme = token.indexOf("://");
        if (scheme > 0) {
            int path = token.indexOf('/', scheme + 3);
            if (path > 0) {
                out.add(token.substring(path));
            }
        }
        if (token.indexOf('%') >= 0) {
            try {
                out.add(URLDecoder.decode(token, StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException ignored) {
                // not valid percent-encoding: the raw token was already checked
            }
        }
        if (token.indexOf('\\') >= 0) {
            out.add(token.replace("\\/", "/").replace("\\u0026", "&").replace("\\u003d", "=").replace("\\\\", "\\"));
        }
        if (token.length() >= 12 && token.matches("[A-Za-z0-9+/_\\-]+={0,2}")) {
            String decoded = base64(token);
            if (decoded != null) {
                out.add(decoded);
            }
        }
        return out;
    }

    private static String base64(String token) {
        try {
            byte[] bytes = token.indexOf('-') >= 0 || token.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(token) : Base64.getDecoder().decode(token);
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

    private interface Span {
        void accept(int start, int end);
    }

    private static void forEachToken(String text, int from, int to, String separators, Span span) {
        int start = -1;
        for (int i = from; i < to; i++) {
            boolean sep = separators.indexOf(text.charAt(i)) >= 0;
            if (sep && start >= 0) {
                span.accept(start, i);
                start = -1;
            } else if (!sep && start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            span.accept(start, to);
        }
    }
}

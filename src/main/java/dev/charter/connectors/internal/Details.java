package dev.charter.connectors.internal;

import dev.charter.vault.Fingerprinter;
import dev.charter.vault.SecretFingerprint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Makes a message from elsewhere safe to show and keep as a status detail: short, and without secret paths. */
final class Details {

    private static final Pattern URL = Pattern.compile("(https?://[^/\\s\"'<>]+)[^\\s\"'<>]*");
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/])/[^\\s\"'<>]+");

    private Details() {}

    /** For a webhook, whose URL path is the secret, every path is cut out; URLs keep only scheme and host. */
    static String clean(String message, boolean pathsAreSecret) {
        if (message == null || message.isBlank()) {
            return "no reason given.";
        }
        String s = URL.matcher(message).replaceAll("$1/…");
        if (pathsAreSecret) {
            s = PATH.matcher(s).replaceAll("/…");
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * Replaces every occurrence of a stored credential (any of its fingerprinted forms) with {@code [credential]},
     * found by keyed hash without decrypting anything: a last line of defence for messages that come from elsewhere.
     */
    static String scrub(String text, List<SecretFingerprint> prints, Fingerprinter fingerprinter) {
        if (text == null || prints.isEmpty()) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean[] hit = new boolean[bytes.length];
        boolean any = false;
        for (SecretFingerprint p : prints) {
            for (int i = 0; i + p.length() <= bytes.length; i++) {
                if (fingerprinter.hmac(bytes, i, p.length()).equals(p.hmac())) {
                    java.util.Arrays.fill(hit, i, i + p.length(), true);
                    any = true;
                }
            }
        }
        if (!any) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (!hit[i]) {
                out.write(bytes[i]);
            } else if (i == 0 || !hit[i - 1]) {
                out.writeBytes("[credential]".getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

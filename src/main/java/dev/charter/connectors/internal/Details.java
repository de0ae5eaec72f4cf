package dev.charter.connectors.internal;

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
}

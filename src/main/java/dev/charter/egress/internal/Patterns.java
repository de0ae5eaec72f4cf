package dev.charter.egress.internal;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Host and path patterns of allowlists: exact hosts, {@code *.suffix} hosts, and path globs. */
final class Patterns {

    private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

    private Patterns() {}

    /** {@code api.example.com} matches itself only; {@code *.example.com} matches names below example.com. */
    static boolean hostMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            String suffix = p.substring(1);
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return p.equals(host);
    }

    static boolean anyHostMatches(List<String> patterns, String host) {
        return patterns.stream().anyMatch(p -> hostMatches(p, host));
    }

    /** {@code *} matches within one path segment, {@code **} across segments; the whole path must match. */
    static boolean pathMatches(String glob, String path) {
        return GLOBS.computeIfAbsent(glob, Patterns::compileGlob).matches(path);
    }

    private static Pattern compileGlob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}

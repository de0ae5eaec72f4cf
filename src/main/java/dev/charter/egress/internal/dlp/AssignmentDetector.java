package dev.charter.egress.internal.dlp;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generic secrets by context: a value assigned to a name like {@code password}, {@code secret},
 * {@code api_key} or {@code access_token} ({@code =}, {@code =>}, {@code :=}, JSON, YAML, env files), when the value
 * looks random: at least 8 characters, two character classes, Shannon entropy of {@value #MIN_ENTROPY} bits per
 * character or more, and not a placeholder, a path, a URL or code. Names that only refer to a secret
 * ({@code secret_name}, {@code password_reset_url}, {@code api_key_id}) do not count.
 */
final class AssignmentDetector implements Detector {

    static final double MIN_ENTROPY = 3.0;
    /**
     * A name, then "=", "=>", ":=", a quoted ":", or a YAML ": " (a bare ':' inside a word, as in an ARN, is no
     * assignment). The value after it is read by {@link #value}, so the expression only ever runs over short windows.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:password|passwd|passphrase|pwd|secret|api[_\\-]?key|access[_\\-]?(?:token|key)|auth[_\\-]?token"
            + "|refresh[_\\-]?token|client[_\\-]?secret|(?:private|signing|encryption|master|account|app|client)[_\\-]?key"
            + "|(?:bearer|session|bot|app|api|personal|deploy|service|oauth|slack|github|gitlab|discord|telegram|webhook|id"
            + "|user|admin|account|registry|npm|pypi|hf|ci)[_\\-]?token|\\btoken|[a-z0-9]{1,12}[_\\-]pass\\b|\\bpass\\b|credentials?)[a-z0-9_\\-]{0,20})"
            + "(?:[\"']?[ \\t]*(?:=>|:=|=)[ \\t]*[\"']?|[\"'][ \\t]*:[ \\t]*[\"']?|[ \\t]*:[ \\t]+[\"']?|:[\"'])");
    /** Characters that end a value. */
    private static final String VALUE_END = " \t\r\n\f\u000b\"'`,;&|<>{}[]()\\";
    static final int MIN_VALUE = 8;
    static final int MAX_VALUE = 256;
    /** Names that point at a secret rather than hold one. */
    private static final Pattern REFERENCE_NAME = Pattern.compile(
            "(?i)(?:name|id|ids|arn|ref|path|file|url|uri|version|type|length|count|ttl|expiry|expires|expiration|enabled"
            + "|hint|label|field|policy|manager|rotation|reset|hash|digest|min|max)s?$");
    /** A value that starts like {@code this.secret} or {@code process.env.API_KEY}: code, not a secret. */
    private static final Pattern MEMBER_EXPRESSION = Pattern.compile("^[A-Za-z_$]+\\.[A-Za-z_$]+(?:[^A-Za-z0-9]|$)");
    /** The key/value attribute pair of XML settings files: {@code <add key="ApiKey" value="…"/>}. */
    private static final Pattern KEY_VALUE_ATTRIBUTES = Pattern.compile(
            "(?i)key[ \\t]*=[ \\t]*[\"']([a-z0-9_.\\-]{0,30}(?:password|passwd|pwd|secret|api[_\\-]?key|access[_\\-]?token"
            + "|auth[_\\-]?token|client[_\\-]?secret|private[_\\-]?key|credentials?)[a-z0-9_.\\-]{0,20})[\"'][ \\t]+value[ \\t]*=[ \\t]*[\"']");
    private static final Set<String> PLACEHOLDERS = Set.of("null", "undefined", "none", "true", "false", "changeme",
            "password", "redacted", "example", "placeholder", "replace_me", "your_api_key");
    private static final List<String> ANCHORS = List.of("pass", "pwd", "secret", "key", "token", "credential");
    /** Tokens that protect a form or page through a list, not an account. */
    private static final Pattern NOT_SECRET_TOKEN = Pattern.compile("(?i)(?:csrf|xsrf|page|next|cursor|continuation|sync|reset)[_\\-]?$");

    private final int priority;

    AssignmentDetector(int priority) {
        this.priority = priority;
    }

    @Override
    public void find(String text, String lower, List<Finding> out) {
        for (int[] w : Windows.around(lower, ANCHORS, 8, 48)) {
            findWith(ASSIGNMENT, text, w, out);
        }
        for (int[] w : Windows.around(lower, List.of("key"), 0, 120)) {
            findWith(KEY_VALUE_ATTRIBUTES, text, w, out);
        }
    }

    private void findWith(Pattern pattern, String text, int[] window, List<Finding> out) {
        String part = text.substring(window[0], window[1]);
        Matcher m = pattern.matcher(part);
        int from = 0;
        while (from <= part.length() && m.find(from)) {
            int start = window[0] + m.end();
            int end = value(text, start);
            int nameStart = window[0] + m.start(1);
            if (end - start >= MIN_VALUE && end - start <= MAX_VALUE && !REFERENCE_NAME.matcher(m.group(1)).find()
                    && !NOT_SECRET_TOKEN.matcher(text.substring(Math.max(0, nameStart - 12), nameStart)).find()
                    && looksRandom(text.substring(start, end))) {
                out.add(new Finding("secret", "secret in an assignment", start, end, priority, null));
            }
            from = Math.max(m.end(), from + 1);
        }
    }

    /** Where the value starting at {@code start} ends: at a delimiter, or just past the longest value considered. */
    private static int value(String text, int start) {
        int limit = Math.min(text.length(), start + MAX_VALUE + 1);
        int end = start;
        while (end < limit && VALUE_END.indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    static boolean looksRandom(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.contains(lower) || lower.startsWith("$") || lower.startsWith("%") || lower.startsWith("*")
                || lower.startsWith("/") || lower.startsWith("./") || lower.startsWith("http:") || lower.startsWith("https:")
                || lower.startsWith("file:") || lower.startsWith("arn:") || lower.startsWith("xxxx")
                || lower.startsWith("[secret:") || MEMBER_EXPRESSION.matcher(value).find() || Placeholders.looksFake(value)) {
            return false;
        }
        int classes = 0;
        classes += value.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 1 : 0;
        classes += value.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 1 : 0;
        classes += value.chars().anyMatch(c -> c >= '0' && c <= '9') ? 1 : 0;
        classes += value.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        return classes >= 2 && Entropy.shannon(value) >= MIN_ENTROPY;
    }
}

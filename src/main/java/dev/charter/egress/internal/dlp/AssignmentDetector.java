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
     * A secret's name, ending the identifier it is part of ({@code DB_PASSWORD}, {@code spring.datasource.password},
     * {@code clientSecret}). Matched against the identifier around an anchor only, never across the text.
     */
    private static final Pattern NAME = Pattern.compile(
            "(?i)(?:password|passwd|passphrase|pwd|secret|api[_\\-]?key|access[_\\-]?(?:token|key)|auth[_\\-]?token"
            + "|refresh[_\\-]?token|client[_\\-]?secret|(?:private|signing|encryption|master|account|app|client)[_\\-]?key"
            + "|(?:bearer|session|bot|app|api|personal|deploy|service|oauth|slack|github|gitlab|discord|telegram|webhook|id"
            + "|user|admin|account|registry|npm|pypi|hf|ci)[_\\-]?token|\\btoken|[a-z0-9]{1,12}[_\\-]pass\\b|\\bpass\\b"
            + "|credentials?)[a-z0-9_\\-]{0,20}$");
    /**
     * After the name: "=", "=>", ":=", a quoted ":", or a YAML ": " (a bare ':' inside a word, as in an ARN, is no
     * assignment). The value after it is read by {@link #value}.
     */
    private static final Pattern OPERATOR = Pattern.compile(
            "(?:[\"']?[ \\t]*(?:=>|:=|=)[ \\t]*[\"']?|[\"'][ \\t]*:[ \\t]*[\"']?|[ \\t]*:[ \\t]+[\"']?|:[\"'])");
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
        find(text, lower, Windows.positions(lower, ANCHORS), out);
    }

    @Override
    public void find(String text, String lower, Scan scan, List<Finding> out) {
        find(text, lower, scan.lower().positions(ANCHORS), out);
    }

    static List<String> anchors() {
        return ANCHORS;
    }

    private void find(String text, String lower, int[] positions, List<Finding> out) {
        int done = -1;
        for (int at : positions) {
            int end = at;
            while (end < text.length() && end - at < 40 && nameChar(text.charAt(end))) {
                end++;
            }
            if (end <= done) {
                continue;
            }
            done = end;
            if (!operatorFollows(text, end)) {
                continue;
            }
            int start = at;
            while (start > 0 && at - start < 30 && nameChar(text.charAt(start - 1))) {
                start--;
            }
            Matcher name = NAME.matcher(text.substring(start, end));
            if (!name.find()) {
                continue;
            }
            int nameStart = start + name.start();
            Matcher op = OPERATOR.matcher(text.substring(end, Math.min(text.length(), end + 12)));
            if (!op.lookingAt()) {
                continue;
            }
            int valueStart = end + op.end();
            int valueEnd = value(text, valueStart);
            if (valueEnd - valueStart >= MIN_VALUE && valueEnd - valueStart <= MAX_VALUE
                    && !REFERENCE_NAME.matcher(name.group()).find()
                    && !NOT_SECRET_TOKEN.matcher(text.substring(Math.max(0, nameStart - 12), nameStart)).find()
                    && looksRandom(text.substring(valueStart, valueEnd))) {
                out.add(new Finding("secret", "secret in an assignment", valueStart, valueEnd, priority, null));
            }
        }
        for (int[] w : Windows.around(lower, List.of("key=\"", "key='", "key ="), 0, 120)) {
            String part = text.substring(w[0], w[1]);
            Matcher m = KEY_VALUE_ATTRIBUTES.matcher(part);
            int from = 0;
            while (from <= part.length() && m.find(from)) {
                int valueStart = w[0] + m.end();
                int valueEnd = value(text, valueStart);
                if (valueEnd - valueStart >= MIN_VALUE && valueEnd - valueStart <= MAX_VALUE
                        && looksRandom(text.substring(valueStart, valueEnd))) {
                    out.add(new Finding("secret", "secret in an assignment", valueStart, valueEnd, priority, null));
                }
                from = Math.max(m.end(), from + 1);
            }
        }
    }

    /** A cheap first look for {@link #OPERATOR}: an optional quote, blanks, then '=' or ':'. */
    private static boolean operatorFollows(String text, int at) {
        int k = at;
        if (k < text.length() && (text.charAt(k) == '"' || text.charAt(k) == '\'')) {
            k++;
        }
        while (k < text.length() && k - at < 8 && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
            k++;
        }
        return k < text.length() && (text.charAt(k) == '=' || text.charAt(k) == ':');
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
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

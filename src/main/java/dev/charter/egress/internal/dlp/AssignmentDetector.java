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
    /** name, then "=", "=>", ":=", a quoted ":", or a YAML ": " (a bare ':' inside a word, as in an ARN, is no assignment). */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|api[_\\-]?key|access[_\\-]?token|auth[_\\-]?token|refresh[_\\-]?token"
            + "|client[_\\-]?secret|private[_\\-]?key|credentials?)[a-z0-9_\\-]{0,20})"
            + "(?:[\"']?\\s*(?:=>|:=|=)\\s*[\"']?|[\"']\\s*:\\s*[\"']?|\\s*:\\s+[\"']?|:[\"'])"
            + "([^\\s\"'`,;&|<>{}\\[\\]()\\\\]{8,256})");
    /** Names that point at a secret rather than hold one. */
    private static final Pattern REFERENCE_NAME = Pattern.compile(
            "(?i)(?:name|id|ids|arn|ref|path|file|url|uri|version|type|length|count|ttl|expiry|expires|expiration|enabled"
            + "|hint|label|field|policy|manager|rotation|reset|hash|digest|min|max)s?$");
    /** A value that starts like {@code this.secret} or {@code process.env.API_KEY}: code, not a secret. */
    private static final Pattern MEMBER_EXPRESSION = Pattern.compile("^[A-Za-z_$]+\\.[A-Za-z_$]+(?:[^A-Za-z0-9]|$)");
    /** The key/value attribute pair of XML settings files: {@code <add key="ApiKey" value="…"/>}. */
    private static final Pattern KEY_VALUE_ATTRIBUTES = Pattern.compile(
            "(?i)key\\s*=\\s*[\"']([a-z0-9_.\\-]*(?:password|passwd|pwd|secret|api[_\\-]?key|access[_\\-]?token|auth[_\\-]?token"
            + "|client[_\\-]?secret|private[_\\-]?key|credentials?)[a-z0-9_.\\-]{0,20})[\"']\\s+value\\s*=\\s*[\"']"
            + "([^\\s\"'<>]{8,256})[\"']");
    private static final Set<String> PLACEHOLDERS = Set.of("null", "undefined", "none", "true", "false", "changeme",
            "password", "redacted", "example", "placeholder", "replace_me", "your_api_key");
    private static final List<String> ANCHORS = List.of("pass", "pwd", "secret", "key", "token", "credential");

    private final int priority;

    AssignmentDetector(int priority) {
        this.priority = priority;
    }

    @Override
    public void find(String text, String lower, List<Finding> out) {
        if (ANCHORS.stream().noneMatch(lower::contains)) {
            return;
        }
        findWith(ASSIGNMENT, text, out);
        findWith(KEY_VALUE_ATTRIBUTES, text, out);
    }

    private void findWith(Pattern pattern, String text, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            String name = m.group(1);
            String value = m.group(2);
            if (!REFERENCE_NAME.matcher(name).find() && looksRandom(value)) {
                out.add(new Finding("secret", "secret in an assignment", m.start(2), m.end(2), priority, null));
            }
            from = Math.max(m.end(), from + 1);
        }
    }

    static boolean looksRandom(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.contains(lower) || lower.startsWith("$") || lower.startsWith("%") || lower.startsWith("*")
                || lower.startsWith("/") || lower.startsWith("./") || lower.startsWith("http:") || lower.startsWith("https:")
                || lower.startsWith("file:") || lower.startsWith("arn:") || lower.startsWith("xxxx")
                || MEMBER_EXPRESSION.matcher(value).find()) {
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

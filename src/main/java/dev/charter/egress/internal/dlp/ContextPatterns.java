package dev.charter.egress.internal.dlp;

import static dev.charter.egress.internal.dlp.PatternDetector.context;
import static dev.charter.egress.internal.dlp.SecretPatterns.BASE64;
import static dev.charter.egress.internal.dlp.SecretPatterns.GENERIC;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Secrets known by where they stand rather than by their shape: AWS secret keys next to their name, Azure storage
 * keys and SAS signatures in connection strings and URLs, {@code Authorization} values, the password of a URL or
 * connection string ({@code postgres://user:password@host}), and random-looking values assigned to secret names.
 */
final class ContextPatterns {

    private static final Set<String> WEAK = Set.of("password", "passwd", "pass", "pwd", "secret", "changeme", "user",
            "username", "admin", "root", "guest", "test", "postgres", "mysql", "redis", "example", "token", "apikey");

    private ContextPatterns() {}

    static List<Detector> all() {
        return List.of(
                // AWS secret access keys are 40 base64 characters; only recognisable next to their name.
                context("aws-secret-key", "AWS secret access key",
                        "(?i)secret[_\\-. ]?(?:access)?[_\\-. ]?key(?:[_\\-. ]?id)?[\"']?\\s*(?:=>|:=|[:=])\\s*[\"']?([A-Za-z0-9/+]{40})",
                        1, 0, 128, BASE64, ContextPatterns::randomEnough, "secret"),
                // Azure storage account keys, Service Bus / Event Hubs shared access keys (connection strings), and
                // the signature of a shared access signature (SAS) URL.
                context("azure-key", "Azure storage or shared access key",
                        "(?i)(?:AccountKey|SharedAccessKey|account_key|storage_key)[\"']?\\s*[=:]\\s*[\"']?([A-Za-z0-9+/]{40,88}={0,2})",
                        1, 0, 140, BASE64, ContextPatterns::randomEnough, "accountkey", "sharedaccesskey",
                        "account_key", "storage_key"),
                context("azure-sas", "Azure SAS signature", "sig=([A-Za-z0-9%+/]{30,120}(?:%3[dD]|=){0,2})", 1, 0, 140,
                        "", ContextPatterns::hmacSignature, "sig="),
                // Authorization-style header values: Bearer, Basic (which must decode to user:password), token, Bot.
                context("authorization", "Authorization header value",
                        "(?i)authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer|token|bot|apikey|sso-key|key|otp)[ \\t]+([A-Za-z0-9_\\-.~+/=:]{8,})",
                        1, 0, 400, "", ContextPatterns::randomEnough, "authorization"),
                context("authorization", "Authorization header value",
                        "(?i)authorization[\"']?\\s*[:=]\\s*[\"']?basic[ \\t]+([A-Za-z0-9+/]{8,}={0,2})",
                        1, 0, 400, "", ContextPatterns::basicCredentials, "authorization"),
                context("authorization", "API key header value",
                        "(?i)(?:api-key|auth-token|private-token|access-token|x-apikey|subscription-key)[\"']?\\s*:\\s*[\"']?([A-Za-z0-9_\\-.~+/=]{16,})",
                        1, 0, 300, "", ContextPatterns::randomEnough, "api-key", "auth-token", "private-token", "access-token",
                        "x-apikey", "subscription-key"),
                // The password in a URL's user-info: scheme://user:password@host (http, postgres, mysql, mongodb+srv,
                // redis, amqp, and any other scheme).
                context("url-password", "password in a URL",
                        "://[^\\s:/@\"'<>]{0,64}:([^\\s/@\"'<>]{3,128})@[A-Za-z0-9.\\-\\[\\]_]+",
                        1, 0, 300, "", ContextPatterns::urlPassword, "://"),
                new AssignmentDetector(GENERIC));
    }

    static boolean randomEnough(String s) {
        return AssignmentDetector.looksRandom(s) && !Placeholders.looksFake(s);
    }

    /** A SAS signature is an HMAC-SHA256: 32 bytes in base64, usually percent-encoded in its URL. */
    static boolean hmacSignature(String sig) {
        try {
            String b64 = java.net.URLDecoder.decode(sig.replace("+", "%2B"), StandardCharsets.ISO_8859_1);
            return Base64.getDecoder().decode(b64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A Basic value decodes to printable {@code user:password} with a password that is not a placeholder. */
    static boolean basicCredentials(String b64) {
        try {
            String decoded = new String(Base64.getDecoder().decode(b64), StandardCharsets.ISO_8859_1);
            int colon = decoded.indexOf(':');
            if (colon < 0 || !decoded.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return false;
            }
            String password = decoded.substring(colon + 1);
            return password.length() >= 4 && !WEAK.contains(password.toLowerCase(Locale.ROOT))
                    && !Placeholders.looksFake(password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Not a template hole, a well-known default or a placeholder; a password is not a port. */
    static boolean urlPassword(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (WEAK.contains(lower) || lower.startsWith("$") || lower.startsWith("{") || lower.startsWith("%(")
                || lower.startsWith("*") || lower.startsWith("[secret:") || password.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return !Placeholders.looksFake(password) && (password.length() >= 8 || AssignmentDetector.looksRandom(password)
                || password.chars().anyMatch(c -> !Character.isLetter(c)));
    }

}

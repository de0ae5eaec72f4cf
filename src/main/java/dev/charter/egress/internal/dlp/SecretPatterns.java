package dev.charter.egress.internal.dlp;

import static dev.charter.egress.internal.dlp.PatternDetector.TOKEN_CHARS;
import static dev.charter.egress.internal.dlp.PatternDetector.token;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Well-known secret formats, written from the providers' documented token formats. Each detector is anchored on
 * the format's literal prefix and checks that the token is not part of a longer one; JWTs must have a JSON header,
 * and generic assignments ({@code password=…}) need a value that looks random (Shannon entropy).
 */
public final class SecretPatterns {

    static final int SPECIFIC = 10;
    static final int GENERIC = 1;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64 = ALNUM + "+/";
    private static final Predicate<String> ANY = s -> true;

    private SecretPatterns() {}

    public static List<Detector> all() {
        return List.of(
                // AWS access key ids: a four-letter prefix for the key type and 16 base32 characters.
                token("aws-key-id", "AWS access key id", "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", ALNUM, SPECIFIC, ANY,
                        "akia", "asia", "abia", "acca"),
                // AWS secret access keys are 40 base64 characters; only recognisable next to their name.
                new PatternDetector("aws-secret-key", "AWS secret access key", Pattern.compile(
                        "(?i)(?:aws)?_?secret_?(?:access)?_?key[\"']?\\s*(?:=>|:=|[:=])\\s*[\"']?([A-Za-z0-9/+]{40})"),
                        1, List.of("secret"), 8, 128, false, BASE64 + "=", SPECIFIC, ANY),
                // GitHub: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server-to-server), ghr_ (refresh),
                // 36 or more base62 characters; fine-grained personal tokens github_pat_<22>_<59>.
                token("github", "GitHub token", "gh[pousr]_[A-Za-z0-9]{36,251}", TOKEN_CHARS, SPECIFIC, ANY,
                        "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                token("github", "GitHub fine-grained token", "github_pat_[A-Za-z0-9]{20,30}_[A-Za-z0-9]{50,70}", TOKEN_CHARS,
                        SPECIFIC, ANY, "github_pat_"),
                // GitLab personal, deploy, runner and project/group tokens.
                token("gitlab", "GitLab token", "gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\\-]{20,}(?:\\.[A-Za-z0-9_\\-]+)*",
                        TOKEN_CHARS, SPECIFIC, ANY, "glpat-", "gldt-", "glrt-", "glptt-"),
                // Slack: bot (xoxb-), user (xoxp-), app/workspace (xoxa-), refresh (xoxr-), session (xoxs-, xoxe-) tokens,
                // app-level tokens (xapp-) and incoming-webhook URLs.
                token("slack", "Slack token", "xox[abprse]-[0-9]{1,16}(?:-[0-9]{1,16}){0,3}-[A-Za-z0-9]{16,64}",
                        TOKEN_CHARS, SPECIFIC, ANY, "xox"),
                token("slack", "Slack app token", "xapp-[0-9]-[A-Z0-9]{6,16}-[0-9]{6,16}-[a-f0-9]{32,80}", TOKEN_CHARS,
                        SPECIFIC, ANY, "xapp-"),
                new PatternDetector("slack-webhook", "Slack incoming-webhook URL", Pattern.compile(
                        "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_\\-]+/[A-Za-z0-9_\\-]+(?:/[A-Za-z0-9_\\-]+)+"),
                        0, List.of("hooks.slack.com/"), 8, 512, true, TOKEN_CHARS + "/", SPECIFIC, ANY),
                // Stripe secret and restricted keys, live and test mode, and webhook signing secrets.
                token("stripe", "Stripe key", "(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}", TOKEN_CHARS, SPECIFIC, ANY,
                        "sk_live_", "rk_live_", "sk_test_", "rk_test_"),
                token("stripe", "Stripe webhook secret", "whsec_[A-Za-z0-9+/=]{32,}", TOKEN_CHARS, SPECIFIC, ANY, "whsec_"),
                // Anthropic API, admin and OAuth keys: sk-ant-<type><2 digits>-<base64url>.
                token("anthropic", "Anthropic key", "sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_\\-]{60,}", TOKEN_CHARS, SPECIFIC,
                        ANY, "sk-ant-"),
                // OpenAI: project, service-account and admin keys, and legacy keys (sk- and 48 base62 characters).
                token("openai", "OpenAI key", "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{40,}", TOKEN_CHARS, SPECIFIC, ANY,
                        "sk-proj-", "sk-svcacct-", "sk-admin-"),
                token("openai", "OpenAI key", "sk-[A-Za-z0-9]{48}", TOKEN_CHARS, SPECIFIC, ANY, "sk-"),
                // Google API keys: AIza and 35 characters.
                token("google-api-key", "Google API key", "AIza[0-9A-Za-z_\\-]{35}", TOKEN_CHARS, SPECIFIC, ANY, "aiza"),
                // PEM and OpenSSH private keys, PGP private key blocks; to the END line or, if cut off, to the end.
                new PatternDetector("private-key", "private key", Pattern.compile(
                        "-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----|$)"),
                        0, List.of("-----begin"), 0, 64 * 1024, false, "", SPECIFIC, ANY),
                // JWTs: three base64url parts, the first a JSON header naming its algorithm.
                new PatternDetector("jwt", "JSON Web Token", Pattern.compile(
                        "eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{16,}"),
                        0, List.of("eyj"), 0, 16 * 1024, true, TOKEN_CHARS + ".", SPECIFIC, SecretPatterns::jwtHeader),
                new AssignmentDetector(GENERIC));
    }

    /** The first part decodes to a JSON object with an "alg" member. */
    static boolean jwtHeader(String jwt) {
        String header = jwt.substring(0, jwt.indexOf('.'));
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).trim();
            return json.startsWith("{") && json.endsWith("}") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

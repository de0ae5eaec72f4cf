package dev.charter.egress.internal.dlp;

import static dev.charter.egress.internal.dlp.PatternDetector.TOKEN_CHARS;
import static dev.charter.egress.internal.dlp.PatternDetector.exactCaseToken;
import static dev.charter.egress.internal.dlp.PatternDetector.near;
import static dev.charter.egress.internal.dlp.PatternDetector.token;
import static dev.charter.egress.internal.dlp.SecretPatterns.ALNUM;
import static dev.charter.egress.internal.dlp.SecretPatterns.ANY;
import static dev.charter.egress.internal.dlp.SecretPatterns.SPECIFIC;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Documented token formats of chat, payment, mail and SMS, package-registry and model-API providers. Formats with a
 * distinctive prefix are matched anywhere; formats that are generic (Discord bot tokens, Postmark's UUID tokens,
 * Twilio auth tokens) only next to the provider's name.
 */
final class ServiceTokens {

    private static final String HEX = "0123456789abcdefABCDEF";

    private ServiceTokens() {}

    static List<Detector> all() {
        return List.of(
                // Slack: bot (xoxb-), user (xoxp-), app/workspace (xoxa-), refresh (xoxr-), session (xoxs-) tokens,
                // rotating tokens (xoxe.xoxp-, xoxe-), app-level tokens (xapp-) and incoming-webhook URLs.
                token("slack", "Slack token", "xox[abprs]-[0-9]{1,16}(?:-[0-9]{1,16}){0,3}-[A-Za-z0-9]{16,64}",
                        TOKEN_CHARS, SPECIFIC, ANY, "xox"),
                token("slack", "Slack token", "xoxe(?:\\.xox[bp])?-1-[A-Za-z0-9]{60,}", TOKEN_CHARS + ".", SPECIFIC, ANY,
                        "xoxe"),
                token("slack", "Slack app token", "xapp-[0-9]-[A-Z0-9]{6,16}-[0-9]{6,16}-[a-f0-9]{32,80}", TOKEN_CHARS,
                        SPECIFIC, ANY, "xapp-"),
                new PatternDetector("slack-webhook", "Slack incoming-webhook URL", Pattern.compile(
                        "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_\\-]+/[A-Za-z0-9_\\-]+(?:/[A-Za-z0-9_\\-]+)+"),
                        0, List.of("hooks.slack.com/"), false, 8, 512, true, TOKEN_CHARS + "/", SPECIFIC,
                        s -> !Placeholders.looksFake(s.substring(s.lastIndexOf('/') + 1))),
                // Discord webhooks, and bot tokens (the first part is a user id in base64) next to "discord" or "Bot".
                token("discord-webhook", "Discord webhook URL",
                        "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\\-]{60,68}",
                        TOKEN_CHARS, SPECIFIC, ANY, "https://discord", "https://ptb.discord", "https://canary.discord"),
                near("discord", "Discord bot token",
                        "(?i:discord|bot)[^\\n]{0,80}?([MNO][A-Za-z0-9_\\-]{23,27}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,40})",
                        1, 0, 200, TOKEN_CHARS + ".", ServiceTokens::discordId, "discord", "bot"),
                // Telegram bot tokens: the bot id, a colon and 35 characters starting AA.
                near("telegram", "Telegram bot token", "([0-9]{8,10}:AA[A-Za-z0-9_\\-]{33})", 1, 12, 40, TOKEN_CHARS + ":",
                        ANY, ":aa"),
                // Stripe secret and restricted keys, live and test mode, and webhook signing secrets.
                token("stripe", "Stripe key", "(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}", TOKEN_CHARS, SPECIFIC, ANY,
                        "sk_live_", "rk_live_", "sk_test_", "rk_test_"),
                token("stripe", "Stripe webhook secret", "whsec_[A-Za-z0-9+/=]{32,}", TOKEN_CHARS, SPECIFIC, ANY, "whsec_"),
                // Square access tokens and OAuth secrets; Braintree access tokens (PayPal).
                exactCaseToken("square", "Square token", "(?:EAAA[A-Za-z0-9_\\-]{60}|sq0atp-[A-Za-z0-9_\\-]{22}|sq0csp-[A-Za-z0-9_\\-]{43})",
                        TOKEN_CHARS, SPECIFIC, ANY, "EAAA", "sq0atp-", "sq0csp-"),
                token("braintree", "Braintree access token", "access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$[0-9a-f]{32}",
                        TOKEN_CHARS + "$", SPECIFIC, ANY, "access_token$"),
                // SendGrid, Mailgun, Mailchimp, Resend, Postmark (a UUID, so only by name), Brevo.
                token("sendgrid", "SendGrid API key", "SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}", TOKEN_CHARS + ".",
                        SPECIFIC, ANY, "sg."),
                token("mailgun", "Mailgun API key", "key-[0-9a-f]{32}", TOKEN_CHARS, SPECIFIC, ANY, "key-"),
                near("mailgun", "Mailgun API key", "(?i:mailgun)[^\\n]{0,60}?([0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})", 1, 0, 140,
                        TOKEN_CHARS, ANY, "mailgun"),
                near("mailchimp", "Mailchimp API key", "([0-9a-f]{32}-us[0-9]{1,2})", 1, 32, 8, TOKEN_CHARS, ANY, "-us"),
                token("resend", "Resend API key", "re_[A-Za-z0-9]{8}_[A-Za-z0-9]{16,32}", TOKEN_CHARS, SPECIFIC,
                        SecretPatterns::mixedCase, "re_"),
                near("postmark", "Postmark server token",
                        "(?i:postmark)[^\\n]{0,60}?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", 1, 0, 120,
                        TOKEN_CHARS, ANY, "postmark"),
                token("brevo", "Brevo API key", "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", TOKEN_CHARS, SPECIFIC, ANY, "xkeysib-"),
                // Twilio account and API key SIDs, and auth tokens next to "twilio".
                exactCaseToken("twilio", "Twilio SID", "(?:AC|SK)[0-9a-f]{32}", ALNUM, SPECIFIC, ServiceTokens::hexMix,
                        "AC", "SK"),
                near("twilio", "Twilio auth token", "(?i:twilio)[A-Za-z_ \\-]{0,20}(?i:auth|token|secret)[^\\n]{0,24}?\\b([0-9a-f]{32})\\b",
                        1, 0, 100, ALNUM, ServiceTokens::hexMix, "twilio"),
                // Package registries: npm (CRC32 check), PyPI, RubyGems, NuGet, Docker Hub, crates.io.
                new PatternDetector("npm", "npm token", Pattern.compile("npm_[A-Za-z0-9]{36}"), 0, List.of("npm_"), false, 0,
                        512, true, TOKEN_CHARS, SPECIFIC, s -> Checksums.base62Crc32(s) || !Placeholders.looksFake(s)),
                token("pypi", "PyPI token", "pypi-AgE[A-Za-z0-9_\\-]{60,}", TOKEN_CHARS, SPECIFIC, ANY, "pypi-age"),
                token("rubygems", "RubyGems API key", "rubygems_[0-9a-f]{48}", TOKEN_CHARS, SPECIFIC, ANY, "rubygems_"),
                token("nuget", "NuGet API key", "oy2[a-z0-9]{43}", TOKEN_CHARS, SPECIFIC, ANY, "oy2"),
                token("docker", "Docker Hub token", "dckr_(?:pat|oat)_[A-Za-z0-9_\\-]{27,}", TOKEN_CHARS, SPECIFIC, ANY,
                        "dckr_pat_", "dckr_oat_"),
                token("crates-io", "crates.io token", "cio[A-Za-z0-9]{32}", TOKEN_CHARS, SPECIFIC, SecretPatterns::mixedCase,
                        "cio"),
                // Model APIs: Anthropic, OpenAI (project, service-account, admin, legacy), OpenRouter, Hugging Face,
                // Groq, Replicate, Perplexity, xAI; other sk- keys of 32 or more characters by the same shape.
                token("anthropic", "Anthropic key", "sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_\\-]{60,}", TOKEN_CHARS, SPECIFIC,
                        ANY, "sk-ant-"),
                token("openai", "OpenAI key", "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{40,}", TOKEN_CHARS, SPECIFIC, ANY,
                        "sk-proj-", "sk-svcacct-", "sk-admin-"),
                token("openrouter", "OpenRouter key", "sk-or-v1-[a-f0-9]{64}", TOKEN_CHARS, SPECIFIC, ANY, "sk-or-"),
                token("openai", "OpenAI key", "sk-[A-Za-z0-9]{48}", TOKEN_CHARS, SPECIFIC - 1, ANY, "sk-"),
                token("model-api-key", "model API key", "sk-[A-Za-z0-9]{32,}", TOKEN_CHARS, SPECIFIC - 2,
                        ServiceTokens::hexMix, "sk-"),
                token("huggingface", "Hugging Face token", "(?:hf_[A-Za-z0-9]{34,40}|api_org_[A-Za-z0-9]{34})", TOKEN_CHARS,
                        SPECIFIC, SecretPatterns::mixedCase, "hf_", "api_org_"),
                token("groq", "Groq API key", "gsk_[A-Za-z0-9]{52}", TOKEN_CHARS, SPECIFIC, ANY, "gsk_"),
                token("replicate", "Replicate API token", "r8_[A-Za-z0-9]{37}", TOKEN_CHARS, SPECIFIC, ANY, "r8_"),
                token("perplexity", "Perplexity API key", "pplx-[A-Za-z0-9]{48}", TOKEN_CHARS, SPECIFIC, ANY, "pplx-"),
                token("xai", "xAI API key", "xai-[A-Za-z0-9]{70,90}", TOKEN_CHARS, SPECIFIC, ANY, "xai-"));
    }

    /** Hex with letters and digits both: a random id, not a word or a number. */
    static boolean hexMix(String s) {
        return s.chars().anyMatch(Character::isDigit) && s.chars().anyMatch(Character::isLetter);
    }

    /** The first part of a Discord bot token is the bot's numeric id in base64. */
    static boolean discordId(String token) {
        String id = token.substring(0, token.indexOf('.'));
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(id.replace("=", "")), StandardCharsets.ISO_8859_1);
            return decoded.length() >= 17 && decoded.chars().allMatch(Character::isDigit);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

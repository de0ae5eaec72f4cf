package dev.charter.egress.internal.dlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the labelled DLP corpus under {@code src/test/resources/dlp-corpus/}: positives are FAKE secrets in the
 * providers' documented formats placed in realistic outbound text; negatives are hard look-alikes (UUIDs, git SHAs,
 * hex digests, base64 images, minified JavaScript, URLs, English prose, placeholders, public keys, format
 * descriptions). Seeded, so the corpus is reproducible: run this main class from the repository root with the test
 * class path (from an IDE, or {@code java -cp target/test-classes:target/classes:<test dependencies> …}); the
 * optional argument is the output folder.
 */
public final class DlpCorpusGenerator {

    static final long SEED = 20260101L;
    private final FakeSecrets f = new FakeSecrets(SEED);

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/dlp-corpus");
        DlpCorpusGenerator g = new DlpCorpusGenerator();
        write(dir.resolve("positives.jsonl"), g.positives());
        write(dir.resolve("negatives.jsonl"), g.negatives());
    }

    private static final List<String> CONTEXTS = List.of(
            "{\"message\":\"deploy with %s please\",\"channel\":\"ops\"}",
            "export TOKEN_FOR_CI=%s",
            "X-Custom-Auth: %s",
            "curl -H \"Authorization: Bearer %s\" https://api.example.com/v1/items",
            "client = Client(\"%s\", timeout=30)",
            "settings:\n  upstream:\n    token: %s\n  retries: 3\n",
            "2026-01-05T10:00:00Z INFO worker-3 uploading with %s to bucket logs",
            "hey, can you try this one instead: %s thanks!",
            "name=ops&value=%s&submit=1",
            "```\n%s\n```",
            "<config><auth>%s</auth></config>",
            "%s");

    List<Map<String, String>> positives() {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, Supplier<String>> formats = new LinkedHashMap<>();
        formats.put("aws-key-id", f::awsKeyId);
        formats.put("github", f::githubClassic);
        formats.put("github-fine-grained", f::githubFineGrained);
        formats.put("gitlab", f::gitlab);
        formats.put("slack-bot", f::slackBot);
        formats.put("slack-user", f::slackUser);
        formats.put("slack-app", f::slackApp);
        formats.put("slack-webhook", f::slackWebhook);
        formats.put("stripe", f::stripe);
        formats.put("anthropic", f::anthropic);
        formats.put("openai-project", f::openaiProject);
        formats.put("openai-legacy", f::openaiLegacy);
        formats.put("google-api-key", f::googleApiKey);
        formats.put("private-key", f::privateKeyPem);
        formats.put("jwt", f::jwt);
        formats.forEach((kind, gen) -> {
            for (String ctx : CONTEXTS) {
                String secret = gen.get();
                out.add(sample("p", out.size(), kind, ctx.formatted(secret), secret));
            }
        });
        List<String> assignments = List.of("password=%s", "DB_PASSWORD: \"%s\"", "{\"client_secret\":\"%s\"}",
                "api_key => '%s'", "SECRET_KEY = '%s'", "  password: %s\n", "<add key=\"ApiKey\" value=\"%s\"/>",
                "spring.datasource.password=%s", "{\"auth_token\": \"%s\", \"user\": \"ops\"}",
                "client_secret=%s&grant_type=client_credentials", "PRIVATE_KEY_PASSPHRASE=%s", "\"refreshToken\":\"%s\"");
        for (String ctx : assignments) {
            String secret = f.password();
            out.add(sample("p", out.size(), "secret", ctx.formatted(secret), secret));
            String hex = f.hexSecret(32);
            out.add(sample("p", out.size(), "secret", ctx.formatted(hex), hex));
            String b64 = f.base64(24);
            out.add(sample("p", out.size(), "secret", ctx.formatted(b64), b64));
        }
        for (String ctx : List.of("aws_secret_access_key = %s", "AWS_SECRET_ACCESS_KEY=%s",
                "{\"AccessKeyId\":\"ASIAEXAMPLEONLY2345\",\"SecretAccessKey\":\"%s\"}", "aws_secret_key: \"%s\"",
                "[default]\naws_access_key_id = AKIAEXAMPLEONLY2345\naws_secret_access_key = %s\n")) {
            for (int i = 0; i < 3; i++) {
                String secret = f.awsSecretKey();
                out.add(sample("p", out.size(), "aws-secret-key", ctx.formatted(secret), secret));
            }
        }
        return out;
    }

    List<Map<String, String>> negatives() {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            add(out, "uuid", switch (i % 3) {
                case 0 -> "{\"id\":\"" + f.uuid() + "\",\"parent\":\"" + f.uuid() + "\"}";
                case 1 -> "request_id=" + f.uuid() + "&trace=" + f.hexSecret(16);
                default -> "x-request-id: " + f.uuid();
            });
            add(out, "git-sha", switch (i % 3) {
                case 0 -> "commit " + f.hexSecret(40) + "\nAuthor: Dev <dev@example.com>\n\n    Fix the build";
                case 1 -> "Merge " + f.hexSecret(7) + ".." + f.hexSecret(7) + " into main (" + f.hexSecret(40) + ")";
                default -> "{\"sha\":\"" + f.hexSecret(40) + "\",\"commit_sha\":\"" + f.hexSecret(40) + "\"}";
            });
            add(out, "hex-hash", switch (i % 4) {
                case 0 -> "sha256:" + f.hexSecret(64);
                case 1 -> "{\"checksum\":\"" + f.hexSecret(64) + "\",\"content_hash\":\"" + f.hexSecret(64) + "\"}";
                case 2 -> "md5 (report.pdf) = " + f.hexSecret(32);
                default -> "ETag: \"" + f.hexSecret(32) + "\"";
            });
            add(out, "base64-image", (i % 2 == 0 ? "data:image/png;base64," : "{\"avatar\":\"data:image/jpeg;base64,")
                    + f.base64(f.between(300, 3000)) + (i % 2 == 0 ? "" : "\"}"));
            add(out, "minified-js", minifiedJs());
            add(out, "english", english());
            add(out, "url", url());
            add(out, "integrity", "\"integrity\": \"sha512-" + f.base64(64) + "\"");
            add(out, "ids", "order ORD-2026-" + f.chars(FakeSecrets.DIGITS, 6) + " shipped with tracking 1Z"
                    + f.chars(FakeSecrets.UPPER + FakeSecrets.DIGITS, 16) + ", invoice INV" + f.chars(FakeSecrets.DIGITS, 8));
            add(out, "base64-blob", "{\"payload\":\"" + f.base64(f.between(40, 400)) + "\",\"encoding\":\"base64\"}");
        }
        List<String> nearMisses = List.of(
                "password: ${DB_PASSWORD}", "api_key: \"<your-api-key>\"", "password=changeme", "token: REPLACE_ME",
                "secret: true", "\"secret_name\": \"prod-db-credentials\"", "\"secretName\": \"payments-api-keys-v2\"",
                "private_key_id: \"" + f.hexSecret(40) + "\"", "password_reset_url=https://example.com/reset?u=42",
                "\"password_min_length\": 12", "api_key_id=key_" + f.hexSecret(12),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
                "export DB_PASSWORD=$(vault kv get -field=password secret/db)",
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + f.base64(48) + "\n-----END PUBLIC KEY-----",
                "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK" + f.base64(120) + "\n-----END CERTIFICATE-----",
                "GitHub personal access tokens start with ghp_ followed by 36 characters.",
                "Slack bot tokens look like xoxb-... and user tokens like xoxp-...",
                "Use a key starting with sk_live_ only in production; sk_test_ keys in development.",
                "Anthropic keys begin with sk-ant- and OpenAI keys with sk-.", "AKIA prefixes mark long-term AWS keys.",
                "sk-learn and scikit-learn are the same library", "the token bucket refills at 10 tokens per second",
                "eyJ is how base64 JSON starts, e.g. eyJhbGciOi", "password = hunter2", "apiKey:this.apiKey",
                "config.secret=opts.secret||defaults.secret", "\"password\": \"\"", "password: ********",
                "secret_santa_enabled=true", "auth_token_ttl=3600", "credentials: none",
                "hooks.slack.com is where incoming webhooks are posted",
                "https://github.com/settings/tokens/new?scopes=repo&description=ci",
                "ghp_" + f.chars(FakeSecrets.ALNUM, 20), "AKIA" + f.chars(FakeSecrets.UPPER, 10),
                "AIza" + f.chars(FakeSecrets.ALNUM, 20), "xoxb-your-token-here",
                "eyJub3QiOiJhIGp3dCJ9." + f.base64(12).replace('+', 'a').replace('/', 'b').replace("=", ""));
        for (String s : nearMisses) {
            add(out, "near-miss", s);
        }
        return out;
    }

    private String minifiedJs() {
        String a = f.chars(FakeSecrets.LOWER, 1);
        String b = f.chars(FakeSecrets.LOWER, 1);
        String fn = f.chars(FakeSecrets.LOWER, 2);
        return "!function(" + a + "," + b + "){\"object\"==typeof exports?module.exports=" + b + "():" + a + "." + fn + "="
                + b + "()}(this,function(){var n={apiKey:null,secret:!1,token:void 0},r=function(" + a + "){return n.apiKey="
                + a + ".apiKey||\"\",n.password=" + a + ".password,n.secret=" + a + ".secret,n};return r.v=\"" + f.between(1, 9)
                + "." + f.between(0, 20) + "." + f.between(0, 99) + "\",r.h=\"" + f.hexSecret(8) + "\",r});"
                + "var " + fn + "=document.querySelector(\"#password\");" + fn + ".addEventListener(\"input\",function(e){e.target.value.length<8&&e.preventDefault()});";
    }

    private static final String[] SENTENCES = {
            "Please reset your password before Friday.", "The secret to good soup is patience.",
            "Our API key rotation policy is described in the handbook.", "Tokens expire after one hour.",
            "The release notes mention three fixes and one new feature.", "Meet me at the station at nine.",
            "Credentials are stored in the vault and never in the repository.", "The quarterly report is attached.",
            "She kept the secret for twenty years.", "Access tokens can be revoked from the settings page.",
            "We moved the meeting to Thursday afternoon.", "Passwords must be at least twelve characters long."};

    private String english() {
        StringBuilder b = new StringBuilder();
        int n = f.between(2, 6);
        for (int i = 0; i < n; i++) {
            b.append(f.pick(SENTENCES)).append(' ');
        }
        return b.toString().trim();
    }

    private String url() {
        return switch (f.between(0, 4)) {
            case 0 -> "https://www.example.com/search?q=" + f.chars(FakeSecrets.LOWER, 6) + "+" + f.chars(FakeSecrets.LOWER, 5) + "&page=2";
            case 1 -> "https://cdn.example.net/assets/app." + f.hexSecret(8) + ".js";
            case 2 -> "https://github.com/example-org/example-repo/pull/" + f.between(1, 9999) + "/files#diff-" + f.hexSecret(64);
            case 3 -> "https://docs.example.org/api/v2/tokens#create";
            default -> "https://storage.example.com/b/" + f.chars(FakeSecrets.LOWER, 8) + "/o/" + f.uuid()
                    + "?alt=media&generation=" + f.chars(FakeSecrets.DIGITS, 16);
        };
    }

    private static void add(List<Map<String, String>> out, String kind, String text) {
        out.add(sample("n", out.size(), kind, text, null));
    }

    private static Map<String, String> sample(String prefix, int n, String kind, String text, String secret) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", prefix + "-" + (n + 1));
        m.put("kind", kind);
        m.put("text", text);
        if (secret != null) {
            m.put("secret", secret);
        }
        return m;
    }

    private static void write(Path file, List<Map<String, String>> samples) throws IOException {
        Files.createDirectories(file.getParent());
        JsonMapper json = JsonMapper.builder().build();
        StringBuilder b = new StringBuilder();
        for (Map<String, String> s : samples) {
            b.append(json.writeValueAsString(s)).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}

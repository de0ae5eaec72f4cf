package dev.charter.egress.internal.dlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the provider-format corpus under {@code src/test/resources/dlp-provider-corpus/}: FAKE credentials in the
 * formats the providers document ({@link ProviderFormats}), each carried in several realistic outbound texts
 * ({@link Carriers}), and hard negatives in the same carriers: UUIDs, hashes, git SHAs, base64 images and blobs,
 * placeholders in every provider's format, identifiers that look random (Stripe object ids, publishable keys, Slack
 * channel ids), test card numbers, prose about passwords, URLs without a password. Seeded, so it is reproducible
 * ({@link ProviderCorpusTest} checks that the files are exactly what this class writes); it is kept apart from the
 * corpus the detectors were first written with, and is not to be tuned against by adding its strings to detectors.
 * Run from the repository root with the test class path; the optional argument is the output folder.
 */
public final class ProviderCorpusGenerator {

    static final long SEED = 91_2026L;
    static final int PER_FORMAT = 8;
    static final int PER_NEGATIVE = 8;

    private final ProviderFormats f = new ProviderFormats(SEED);

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/dlp-provider-corpus");
        ProviderCorpusGenerator g = new ProviderCorpusGenerator();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("positives.jsonl"), jsonl(g.positives()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("negatives.jsonl"), jsonl(g.negatives()), StandardCharsets.UTF_8);
    }

    List<Map<String, String>> positives() {
        List<Map<String, String>> out = new ArrayList<>();
        int c = 0;
        for (Map.Entry<String, Supplier<ProviderFormats.Planted>> e : f.formats().entrySet()) {
            for (int i = 0; i < PER_FORMAT; i++) {
                ProviderFormats.Planted p = e.getValue().get();
                String carrier = Carriers.ALL.get(c++ % Carriers.ALL.size());
                Carriers.Carried carried = Carriers.carry(carrier, p.phrase(), p.secret(), f);
                if (!carried.text().contains(carried.covers())) {
                    throw new IllegalStateException("carrier " + carrier + " lost the secret of " + e.getKey());
                }
                out.add(sample("p-" + (out.size() + 1), e.getKey(), carrier, carried.text(), p.secret(), carried.covers()));
            }
            c += 3;
        }
        return out;
    }

    List<Map<String, String>> negatives() {
        List<Map<String, String>> out = new ArrayList<>();
        int c = 5;
        for (Map.Entry<String, Supplier<String>> e : lookalikes().entrySet()) {
            for (int i = 0; i < PER_NEGATIVE; i++) {
                String phrase = e.getValue().get();
                String carrier = Carriers.ALL.get(c++ % Carriers.ALL.size());
                Carriers.Carried carried = Carriers.carry(carrier, phrase, phrase, f);
                out.add(sample("n-" + (out.size() + 1), e.getKey(), carrier, carried.text(), null, null));
            }
            c += 5;
        }
        return out;
    }

    private Map<String, Supplier<String>> lookalikes() {
        String x = "x".repeat(36);
        Map<String, Supplier<String>> n = new LinkedHashMap<>();
        n.put("uuid", () -> "order " + f.uuid() + " belongs to customer " + f.uuid());
        n.put("git-sha", () -> "deployed " + f.chars(ProviderFormats.HEX, 40) + " (was " + f.chars(ProviderFormats.HEX, 7) + ")");
        n.put("sha256", () -> "sha256:" + f.chars(ProviderFormats.HEX, 64));
        n.put("sri-hash", () -> "integrity=\"sha384-" + f.base64(48, false) + "\"");
        n.put("base64-image", () -> "data:image/png;base64," + f.base64(f.between(200, 1500), false));
        n.put("base64-binary", () -> "attachment: " + f.base64(f.between(60, 600), false));
        n.put("base64-prose", () -> "note(b64): " + Base64.getEncoder().encodeToString(("Meeting moved to Thursday, "
                + "bring the quarterly numbers and the new hire plan for team " + f.between(1, 99) + ".").getBytes(StandardCharsets.UTF_8)));
        n.put("placeholder-github", () -> f.pick(new String[] {"ghp_" + x, "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
                "GITHUB_TOKEN=ghp_<your-token>", "github_pat_" + "x".repeat(22) + "_" + "x".repeat(59)}));
        n.put("placeholder-stripe", () -> f.pick(new String[] {"sk_live_" + "X".repeat(24), "sk_live_************************",
                "STRIPE_KEY=sk_live_your_key_here", "rk_live_" + "0".repeat(24)}));
        n.put("placeholder-aws", () -> f.pick(new String[] {"AKIAXXXXXXXXXXXXXXXX", "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIA0000000000000000"}));
        n.put("placeholder-generic", () -> f.pick(new String[] {"api_key: <your-api-key>", "Authorization: Bearer {{token}}",
                "token=${API_TOKEN}", "password: \"********\"", "OPENAI_API_KEY=sk-...", "xoxb-REDACTED",
                "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "Authorization: Bearer <token>", "password=dummy-password-123", "api_key=abcdefghijklmnopqrstuvwxyz0123456789"}));
        n.put("placeholder-url", () -> f.pick(new String[] {"postgres://user:password@localhost:5432/app",
                "postgres://app:${DB_PASSWORD}@db:5432/app", "mysql://root:<password>@127.0.0.1/shop",
                "redis://:changeme@localhost:6379", "https://user:****@example.test/repo.git"}));
        n.put("url-without-password", () -> f.pick(new String[] {"postgres://app@db.internal:5432/orders",
                "https://git@github.com/shop/api.git", "redis://cache.internal:6379/0", "http://localhost:8080/health",
                "https://api.partner.test/v1/items?page=2&per_page=50", "mongodb://db1.internal:27017,db2.internal:27017/app"}));
        n.put("stripe-object-ids", () -> f.pick(new String[] {"cus_", "pi_", "ch_", "in_", "sub_", "price_"})
                + f.chars(ProviderFormats.ALNUM, 24) + " and publishable key pk_live_" + f.chars(ProviderFormats.ALNUM, 99));
        n.put("slack-ids", () -> "channel C0" + f.chars(ProviderFormats.UPPER + ProviderFormats.DIGITS, 9) + ", user U0"
                + f.chars(ProviderFormats.UPPER + ProviderFormats.DIGITS, 9) + ", ts 17" + f.chars(ProviderFormats.DIGITS, 8) + "."
                + f.chars(ProviderFormats.DIGITS, 6));
        n.put("test-cards", () -> f.pick(new String[] {"4242 4242 4242 4242", "4000 0566 5566 5556", "5555555555554444",
                "378282246310005"}) + " exp 12/34 cvc 123");
        n.put("prose-password", () -> f.pick(new String[] {
                "Your password must be at least twelve characters long and may not contain your name.",
                "If you forgot your password, use the reset link on the sign-in page.",
                "The API key is shown only once, so copy it to your password manager right away.",
                "Tokens expire after an hour; refresh them with the refresh token endpoint.",
                "Set the secret in the vault, never in the repository or a chat message."}));
        n.put("ids", () -> "ticket SUP-" + f.between(1000, 99999) + ", ULID 01J" + f.chars("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 23)
                + ", trace " + f.chars(ProviderFormats.HEX, 32) + ", span " + f.chars(ProviderFormats.HEX, 16));
        n.put("docker-digest", () -> "image registry.shop.test/api@sha256:" + f.chars(ProviderFormats.HEX, 64));
        n.put("json-config", () -> "{\"token_type\": \"Bearer\", \"expires_in\": 3600, \"max_tokens\": 1024, "
                + "\"password_min_length\": 12, \"secret_name\": \"prod/orders/db\", \"api_key_id\": \"" + f.uuid() + "\"}");
        n.put("pagination", () -> "\"next_page_token\": \"" + f.base64(24, true) + "\", \"csrf_token\": \""
                + f.chars(ProviderFormats.ALNUM, 32) + "\"");
        n.put("public-key", () -> "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + f.base64(200, false)
                + "\n-----END PUBLIC KEY-----");
        n.put("ssh-public-key", () -> "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + f.chars(ProviderFormats.ALNUM + "+/", 43)
                + " deploy@ci");
        n.put("hex-in-context", () -> "md5(file)=" + f.chars(ProviderFormats.HEX, 32) + " etag=\"" + f.chars(ProviderFormats.HEX, 32) + "\"");
        n.put("code", () -> "const client = new Client({ apiKey: process.env.API_KEY, secret: config.secret, token: this.token });");
        n.put("docs-formats", () -> f.pick(new String[] {
                "GitHub tokens start with ghp_ and Slack bot tokens with xoxb-.", "Stripe secret keys begin with sk_live_.",
                "AWS access key ids begin with AKIA or ASIA.", "npm tokens look like npm_ followed by 36 characters.",
                "Hugging Face tokens begin with hf_ and Groq keys with gsk_."}));
        n.put("random-words", () -> "release " + f.between(1, 9) + "." + f.between(0, 30) + "." + f.between(0, 99) + " build "
                + f.chars(ProviderFormats.LOWER + ProviderFormats.DIGITS, 12) + " for tenant " + f.chars(ProviderFormats.LOWER, 8)
                + "-" + f.chars(ProviderFormats.LOWER, 6));
        n.put("jwt-lookalike", () -> "eyJub3QiOiJqd3QifQ." + f.base64(20, true) + "." + f.base64(20, true));
        return n;
    }

    private static Map<String, String> sample(String id, String kind, String carrier, String text, String secret, String covers) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("carrier", carrier);
        m.put("text", text);
        if (secret != null) {
            m.put("secret", secret);
            m.put("covers", covers);
        }
        return m;
    }

    static String jsonl(List<Map<String, String>> samples) {
        JsonMapper json = JsonMapper.builder().build();
        StringBuilder b = new StringBuilder();
        for (Map<String, String> s : samples) {
            b.append(json.writeValueAsString(s)).append('\n');
        }
        return b.toString();
    }
}

package dev.charter.egress.internal.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * FAKE credentials built to the formats the providers document (prefix, length, alphabet and, where the format has
 * one, its check digits), each with the phrase it usually travels in. Written independently of the detectors and of
 * {@link FakeSecrets}: its own alphabets, lengths and phrases, from the providers' documentation. None of them is or
 * was ever a real credential.
 */
final class ProviderFormats {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String URLSAFE = ALNUM + "_-";
    static final String HEX = "0123456789abcdef";
    private static final String BASE62 = DIGITS + UPPER + LOWER;

    /** A credential and the phrase that carries it (the phrase contains the credential once). */
    record Planted(String phrase, String secret) {}

    final Random random;

    ProviderFormats(long seed) {
        this.random = new Random(seed);
    }

    String chars(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    String base64(int bytes, boolean url) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return url ? Base64.getUrlEncoder().withoutPadding().encodeToString(b) : Base64.getEncoder().encodeToString(b);
    }

    String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** GitHub's and npm's check: the CRC32 of the 30 random characters, in 6 base62 digits. */
    static String crc32Base62(String random30) {
        CRC32 crc = new CRC32();
        crc.update(random30.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    private Planted bare(String secret) {
        return new Planted(secret, secret);
    }

    private Planted in(String phrase, String secret) {
        return new Planted(phrase.replace("%s", secret), secret);
    }

    String password() {
        return chars(ALNUM, between(6, 10)) + pick(new String[] {"!", "#", "$", "%", "&", "*", "-", "_", "."})
                + chars(ALNUM + "!@#%^*_-", between(4, 12));
    }

    String privateKey() {
        String type = pick(new String[] {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"});
        StringBuilder b = new StringBuilder("-----BEGIN " + type + "-----\n");
        String body = base64(between(120, 900), false);
        for (int i = 0; i < body.length(); i += 64) {
            b.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        return b.append("-----END ").append(type).append("-----").toString();
    }

    String jwt() {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"" + pick(new String[] {"RS256", "HS256", "ES384"}) + "\",\"typ\":\"JWT\",\"kid\":\""
                + chars(HEX, 8) + "\"}";
        String payload = "{\"iss\":\"https://auth.shop.test/\",\"sub\":\"auth0|" + chars(HEX, 24) + "\",\"aud\":\"api\",\"exp\":"
                + (1_780_000_000 + random.nextInt(9_000_000)) + ",\"scope\":\"read:orders write:orders\"}";
        return e.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + base64(between(32, 64), true);
    }

    /** Every documented format by kind, each producing a fresh credential in its usual phrase. */
    Map<String, Supplier<Planted>> formats() {
        Map<String, Supplier<Planted>> f = new LinkedHashMap<>();
        // cloud
        f.put("aws-access-key-id", () -> bare(pick(new String[] {"AKIA", "ASIA"}) + chars(UPPER + DIGITS, 16)));
        f.put("aws-secret-access-key", () -> in(pick(new String[] {"aws_secret_access_key = %s", "AWS_SECRET_ACCESS_KEY=%s",
                "\"SecretAccessKey\": \"%s\"", "secretAccessKey: '%s'"}), chars(ALNUM + "+/", 40)));
        f.put("gcp-private-key", () -> bare(privateKey().replace("RSA PRIVATE KEY", "PRIVATE KEY")));
        f.put("google-api-key", () -> bare("AIza" + chars(URLSAFE, 35)));
        f.put("azure-storage-key", () -> in("DefaultEndpointsProtocol=https;AccountName=shop" + chars(LOWER, 6)
                + ";AccountKey=%s;EndpointSuffix=core.windows.net", base64(64, false)));
        f.put("azure-sas", () -> in("https://shop" + chars(LOWER, 5) + ".blob.core.windows.net/exports/orders.csv?sv=2022-11-02"
                + "&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=%s",
                base64(32, false).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")));
        // code hosting
        f.put("github-classic", () -> {
            String r = chars(ALNUM, 30);
            return bare(pick(new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) + r + crc32Base62(r));
        });
        f.put("github-fine-grained", () -> bare("github_pat_11" + chars(UPPER + DIGITS, 20) + "_" + chars(ALNUM, 59)));
        f.put("gitlab", () -> bare(pick(new String[] {"glpat-", "gldt-", "glrt-"}) + chars(URLSAFE, 20)));
        f.put("bitbucket", () -> bare("ATBB" + chars(ALNUM, 32)));
        // chat
        f.put("slack-bot", () -> bare("xoxb-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 13) + "-" + chars(ALNUM, 24)));
        f.put("slack-user", () -> bare("xoxp-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 13) + "-"
                + chars(HEX, 32)));
        f.put("slack-app", () -> bare("xapp-1-A" + chars(UPPER + DIGITS, 10) + "-" + chars(DIGITS, 13) + "-" + chars(HEX, 64)));
        f.put("slack-webhook", () -> bare("https://hooks.slack.com/services/T" + chars(UPPER + DIGITS, 8) + "/B"
                + chars(UPPER + DIGITS, 10) + "/" + chars(ALNUM, 24)));
        f.put("discord-bot", () -> in(pick(new String[] {"DISCORD_BOT_TOKEN=%s", "Authorization: Bot %s",
                "discord token for the bot: %s"}), Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("1" + chars(DIGITS, 17)).getBytes(StandardCharsets.US_ASCII)) + "." + chars(URLSAFE, 6) + "." + chars(URLSAFE, 38)));
        f.put("discord-webhook", () -> bare("https://discord.com/api/webhooks/1" + chars(DIGITS, 17) + "/" + chars(URLSAFE, 68)));
        f.put("telegram-bot", () -> bare("1" + chars(DIGITS, 9) + ":AA" + chars(URLSAFE, 33)));
        // payments
        f.put("stripe-secret", () -> bare(pick(new String[] {"sk_live_", "rk_live_"}) + "51" + chars(ALNUM, 97)));
        f.put("stripe-webhook", () -> bare("whsec_" + chars(ALNUM, 32)));
        f.put("square", () -> bare(random.nextBoolean() ? "EAAA" + chars(URLSAFE, 60) : "sq0csp-" + chars(URLSAFE, 43)));
        f.put("braintree", () -> bare("access_token$production$" + chars(LOWER + DIGITS, 16) + "$" + chars(HEX, 32)));
        // email and SMS
        f.put("sendgrid", () -> bare("SG." + chars(URLSAFE, 22) + "." + chars(URLSAFE, 43)));
        f.put("mailgun", () -> bare("key-" + chars(HEX, 32)));
        f.put("mailchimp", () -> bare(chars(HEX, 32) + "-us" + between(1, 21)));
        f.put("postmark", () -> in(pick(new String[] {"X-Postmark-Server-Token: %s", "POSTMARK_SERVER_TOKEN=%s",
                "postmark api token %s"}), uuid()));
        f.put("resend", () -> bare("re_" + chars(ALNUM, 8) + "_" + chars(ALNUM, 24)));
        f.put("twilio-sid", () -> bare((random.nextBoolean() ? "AC" : "SK") + chars(HEX, 32)));
        f.put("twilio-auth-token", () -> in(pick(new String[] {"TWILIO_AUTH_TOKEN=%s", "twilio auth token: %s",
                "\"twilioAuthToken\": \"%s\""}), chars(HEX, 32)));
        // package registries
        f.put("npm", () -> {
            String r = chars(ALNUM, 30);
            return bare("npm_" + r + crc32Base62(r));
        });
        f.put("pypi", () -> bare("pypi-AgEIcHlwaS5vcmc" + chars(URLSAFE, between(120, 170))));
        f.put("rubygems", () -> bare("rubygems_" + chars(HEX, 48)));
        f.put("nuget", () -> bare("oy2" + chars(LOWER + DIGITS, 43)));
        f.put("docker-hub", () -> bare("dckr_pat_" + chars(URLSAFE, 27)));
        f.put("crates-io", () -> bare("cio" + chars(ALNUM, 32)));
        // model APIs
        f.put("openai", () -> bare(random.nextBoolean()
                ? "sk-proj-" + chars(URLSAFE, 74) + "T3BlbkFJ" + chars(URLSAFE, 74)
                : "sk-" + chars(ALNUM, 20) + "T3BlbkFJ" + chars(ALNUM, 20)));
        f.put("anthropic", () -> bare("sk-ant-api03-" + chars(URLSAFE, 93) + "AA"));
        f.put("huggingface", () -> bare("hf_" + chars(ALNUM, 34)));
        f.put("gemini", () -> in("GEMINI_API_KEY=%s", "AIza" + chars(URLSAFE, 35)));
        f.put("groq", () -> bare("gsk_" + chars(ALNUM, 52)));
        f.put("replicate", () -> bare("r8_" + chars(ALNUM, 37)));
        // keys, tokens, and secrets known by their context
        f.put("private-key", () -> bare(privateKey()));
        f.put("jwt", () -> bare(jwt()));
        f.put("authorization-bearer", () -> in(pick(new String[] {"Authorization: Bearer %s", "authorization: token %s",
                "\"Authorization\": \"Bearer %s\""}), chars(ALNUM + "-._~", between(32, 64))));
        f.put("authorization-basic", () -> {
            String b64 = Base64.getEncoder().encodeToString((pick(new String[] {"api", "deploy", "svc-orders"}) + ":" + password())
                    .getBytes(StandardCharsets.US_ASCII));
            return in("Authorization: Basic %s", b64);
        });
        f.put("url-password", () -> {
            String pw = password();
            String url = pick(new String[] {"postgres://app:%s@db.internal:5432/orders", "mysql://report:%s@10.0.3.4:3306/shop",
                    "mongodb+srv://svc:%s@cluster0.ab1cd.mongodb.net/app?retryWrites=true", "redis://:%s@cache.internal:6379/0",
                    "amqp://worker:%s@mq.internal:5672/vhost", "https://deploy:%s@git.internal.test/shop/api.git"});
            return in(url, pw.replace("@", "").replace("/", "").replace("#", "").replace("%", "").replace("?", ""));
        });
        f.put("password", () -> in(pick(new String[] {"password=%s", "\"password\": \"%s\"", "DB_PASSWORD=%s",
                "smtp_pass: %s", "client_secret=%s"}), password()));
        return f;
    }
}

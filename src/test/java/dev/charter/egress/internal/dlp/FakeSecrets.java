package dev.charter.egress.internal.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Generates FAKE secrets in the real formats the providers document, from a seeded random source: they look like
 * the real thing to a detector and grant nothing anywhere.
 */
final class FakeSecrets {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String BASE64URL = ALNUM + "_-";
    static final String HEX = "0123456789abcdef";

    private final Random random;

    FakeSecrets(long seed) {
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

    String awsKeyId() {
        return pick(new String[] {"AKIA", "ASIA"}) + chars(UPPER + "234567", 16);
    }

    String awsSecretKey() {
        return chars(ALNUM + "/+", 40);
    }

    String githubClassic() {
        return pick(new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) + chars(ALNUM, 36);
    }

    String githubFineGrained() {
        return "github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59);
    }

    String gitlab() {
        return "glpat-" + chars(BASE64URL, 20);
    }

    String slackBot() {
        return "xoxb-" + chars(DIGITS, between(10, 13)) + "-" + chars(DIGITS, between(10, 13)) + "-" + chars(ALNUM, 24);
    }

    String slackUser() {
        return "xoxp-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 13) + "-" + chars(HEX, 32);
    }

    String slackApp() {
        return "xapp-1-A" + chars(UPPER + DIGITS, 10) + "-" + chars(DIGITS, 13) + "-" + chars(HEX, 64);
    }

    String slackLegacyApp() {
        return "xoxa-2-" + chars(DIGITS, 12) + "-" + chars(DIGITS, 12) + "-" + chars(ALNUM, 32);
    }

    String slackWebhook() {
        return "https://hooks.slack.com/services/T" + chars(UPPER + DIGITS, 8) + "/B" + chars(UPPER + DIGITS, 10) + "/"
                + chars(ALNUM, 24);
    }

    String stripe() {
        return pick(new String[] {"sk_live_", "rk_live_", "sk_test_"}) + chars(ALNUM, pick(new Integer[] {24, 34, 99}));
    }

    String anthropic() {
        return "sk-ant-" + pick(new String[] {"api03", "admin01"}) + "-" + chars(BASE64URL, 93) + "AA";
    }

    String openaiProject() {
        return "sk-proj-" + chars(BASE64URL, 74) + "T3BlbkFJ" + chars(BASE64URL, 74);
    }

    String openaiLegacy() {
        return "sk-" + chars(ALNUM, 20) + "T3BlbkFJ" + chars(ALNUM, 20);
    }

    String googleApiKey() {
        return "AIza" + chars(BASE64URL, 35);
    }

    String privateKeyPem() {
        String type = pick(new String[] {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
                "ENCRYPTED PRIVATE KEY"});
        StringBuilder b = new StringBuilder("-----BEGIN " + type + "-----\n");
        int lines = between(4, 12);
        for (int i = 0; i < lines; i++) {
            b.append(chars(ALNUM + "+/", 64)).append('\n');
        }
        return b.append(chars(ALNUM + "+/", 20)).append("==\n-----END ").append(type).append("-----").toString();
    }

    String jwt() {
        String alg = pick(new String[] {"HS256", "RS256", "ES256"});
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":\"" + chars(DIGITS, 10) + "\",\"name\":\"" + chars(LOWER, 8) + "\",\"iat\":"
                + (1_700_000_000 + random.nextInt(50_000_000)) + "}";
        byte[] sig = new byte[alg.equals("HS256") ? 32 : 64];
        random.nextBytes(sig);
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + e.encodeToString(sig);
    }

    String password() {
        return chars(ALNUM + "!#%*+-_.@^~", between(12, 24));
    }

    String hexSecret(int n) {
        return chars(HEX, n);
    }

    String uuid() {
        return java.util.UUID.nameUUIDFromBytes(chars(ALNUM, 16).getBytes(StandardCharsets.UTF_8)).toString();
    }

    String base64(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}

package dev.charter.egress.internal.dlp;

import static dev.charter.egress.internal.dlp.PatternDetector.TOKEN_CHARS;
import static dev.charter.egress.internal.dlp.PatternDetector.exactCaseToken;
import static dev.charter.egress.internal.dlp.PatternDetector.near;
import static dev.charter.egress.internal.dlp.PatternDetector.token;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Well-known secret formats, written from the providers' documented token formats: cloud, code hosting, private
 * keys and JWTs here; chat, payments, mail and SMS, package registries and model APIs in {@link ServiceTokens};
 * secrets known only by their context (authorization headers, URLs with a password, connection strings, keyword
 * assignments) in {@link ContextPatterns}. Each detector is anchored on a literal and checks that the token is not
 * part of a longer one and not a {@link Placeholders placeholder}; where a format has a check digit it is used.
 */
public final class SecretPatterns {

    static final int SPECIFIC = 10;
    static final int CONTEXT = 5;
    static final int GENERIC = 1;
    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String BASE64 = ALNUM + "+/";
    static final Predicate<String> ANY = s -> true;

    private SecretPatterns() {}

    public static List<Detector> all() {
        List<Detector> all = new ArrayList<>(cloudAndCode());
        all.addAll(ServiceTokens.all());
        all.addAll(ContextPatterns.all());
        return List.copyOf(all);
    }

    static List<Detector> cloudAndCode() {
        return List.of(
                // AWS access key ids: a four-letter prefix for the key type and 16 characters of [A-Z0-9].
                exactCaseToken("aws-key-id", "AWS access key id",
                        "(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ASCA)[A-Z0-9]{16}", ALNUM, SPECIFIC, ANY,
                        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA", "ASCA"),
                // Google API keys (Maps, Gemini, Firebase...): AIza and 35 characters; OAuth client secrets and tokens.
                token("google-api-key", "Google API key", "AIza[0-9A-Za-z_\\-]{35}", TOKEN_CHARS, SPECIFIC, ANY, "aiza"),
                token("google-oauth", "Google OAuth client secret", "GOCSPX-[A-Za-z0-9_\\-]{28}", TOKEN_CHARS, SPECIFIC, ANY,
                        "gocspx-"),
                token("google-oauth", "Google OAuth token", "ya29\\.[A-Za-z0-9_\\-]{30,}", TOKEN_CHARS + ".", SPECIFIC,
                        ANY, "ya29."),
                // Azure AD client secrets: three characters, a version digit and Q~, then 31 to 34 characters.
                new PatternDetector("azure-client-secret", "Azure client secret",
                        Pattern.compile("[A-Za-z0-9_~.\\-]{3}[78]Q~[A-Za-z0-9_~.\\-]{31,34}"), 0, List.of("7q~", "8q~"), false,
                        3, 40, false, TOKEN_CHARS + "~.", SPECIFIC, s -> mixedCase(s) && !Placeholders.looksFake(s)),
                // GitHub: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server-to-server), ghr_ (refresh):
                // 30 random base62 characters and a CRC32 check in 6; fine-grained personal tokens github_pat_<22>_<59>.
                new PatternDetector("github", "GitHub token", Pattern.compile("gh[pousr]_[A-Za-z0-9]{36,251}"), 0,
                        List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), false, 0, 512, true, TOKEN_CHARS, SPECIFIC,
                        s -> Checksums.base62Crc32(s) || !Placeholders.looksFake(s)),
                token("github", "GitHub fine-grained token", "github_pat_[A-Za-z0-9]{20,30}_[A-Za-z0-9]{50,70}", TOKEN_CHARS,
                        SPECIFIC, ANY, "github_pat_"),
                // GitLab personal, deploy, runner, trigger, feed, OAuth, SCIM, CI job, incoming-mail, agent, feature-flag
                // and workspace tokens, and runner registration tokens.
                token("gitlab", "GitLab token",
                        "gl(?:pat|dt|rt|ptt|ft|soat|cbt|oas|imt|agent|ffct|wt|rtr)-[A-Za-z0-9_\\-]{20,}(?:\\.[A-Za-z0-9_\\-]+)*",
                        TOKEN_CHARS, SPECIFIC, ANY, "glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glsoat-", "glcbt-",
                        "gloas-", "glimt-", "glagent-", "glffct-", "glwt-", "glrtr-"),
                exactCaseToken("gitlab", "GitLab runner registration token", "GR1348941[A-Za-z0-9_\\-]{20}", TOKEN_CHARS,
                        SPECIFIC, ANY, "GR1348941"),
                // Bitbucket app passwords and Atlassian API and access tokens.
                exactCaseToken("atlassian", "Bitbucket or Atlassian token",
                        "(?:ATBB[A-Za-z0-9]{28,40}|AT(?:ATT|CTT)[A-Za-z0-9_\\-=]{100,300})", TOKEN_CHARS, SPECIFIC, ANY,
                        "ATBB", "ATATT", "ATCTT"),
                // HashiCorp Vault and Terraform Cloud tokens, DigitalOcean, Shopify, Linear, Doppler.
                token("hashicorp", "HashiCorp Vault token", "hv[sbr]\\.[A-Za-z0-9_\\-]{24,}", TOKEN_CHARS + ".", SPECIFIC, ANY,
                        "hvs.", "hvb.", "hvr."),
                near("hashicorp", "Terraform Cloud token", "([a-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_\\-=]{60,70})", 1, 14, 90,
                        TOKEN_CHARS + ".", ANY, ".atlasv1."),
                token("digitalocean", "DigitalOcean token", "do[por]_v1_[a-f0-9]{64}", TOKEN_CHARS, SPECIFIC, ANY,
                        "dop_v1_", "doo_v1_", "dor_v1_"),
                token("shopify", "Shopify token", "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", TOKEN_CHARS, SPECIFIC, ANY,
                        "shpat_", "shpca_", "shppa_", "shpss_"),
                token("linear", "Linear API key", "lin_(?:api|oauth)_[A-Za-z0-9]{40}", TOKEN_CHARS, SPECIFIC, ANY,
                        "lin_api_", "lin_oauth_"),
                token("doppler", "Doppler token", "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}", TOKEN_CHARS + ".",
                        SPECIFIC, ANY, "dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."),
                // PEM and OpenSSH private keys (a GCP service-account file holds one), PGP private key blocks, PuTTY
                // keys; to the END line or, if cut off, to the end. JSON-escaped line breaks count as line breaks.
                new PatternDetector("private-key", "private key", Pattern.compile(
                        "-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----|$)"),
                        0, List.of("-----begin"), false, 0, 64 * 1024, false, "", SPECIFIC, SecretPatterns::keyMaterial),
                near("private-key", "PuTTY private key", "PuTTY-User-Key-File-[0-9]+:(?s:.*?)Private-Lines: [0-9]+\\s+([A-Za-z0-9+/=\\s]{40,})",
                        1, 0, 8 * 1024, "", ANY, "putty-user-key-file-"),
                // JWTs: three base64url parts, the first a JSON header naming its algorithm.
                new PatternDetector("jwt", "JSON Web Token", Pattern.compile(
                        "eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{16,}"),
                        0, List.of("eyj"), false, 0, 16 * 1024, true, TOKEN_CHARS + ".", SPECIFIC,
                        s -> jwtHeader(s) && !Placeholders.looksFake(s.substring(s.lastIndexOf('.') + 1))));
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

    /** A private key block with key material in it, not {@code ...} or {@code xxxx} where the key would be. */
    static boolean keyMaterial(String block) {
        int start = block.indexOf("-----", 10);
        String body = block.substring(start < 0 ? 0 : start + 5).replace("\\n", "\n").replace("\\r", "");
        int end = body.indexOf("-----END");
        if (end >= 0) {
            body = body.substring(0, end);
        }
        StringBuilder material = new StringBuilder();
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (!l.contains(":")) {
                material.append(l);
            }
        }
        return material.length() >= 32 && material.indexOf("...") < 0 && !Placeholders.repetitive(material.toString());
    }

    /** Upper and lower case letters and a digit: random, not a word. */
    static boolean mixedCase(String s) {
        return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit);
    }
}

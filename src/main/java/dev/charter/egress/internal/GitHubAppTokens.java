package dev.charter.egress.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.charter.egress.CodeHostTokens;
import dev.charter.egress.GitHubAppMint;
import dev.charter.vault.SecretRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Installation tokens of GitHub Apps (ADR 0230), minted inside egress only. From the App's private key (the PEM
 * GitHub issues, PKCS#1, or PKCS#8) a JWT is signed (RS256; {@code iat} a minute in the past against clock drift,
 * {@code exp} nine minutes ahead, under GitHub's ten; {@code iss} the App's id, as GitHub's documentation asks), and
 * exchanged at {@code POST /app/installations/{id}/access_tokens} for a token narrowed to one repository and the
 * permissions asked. An answer that grants more than was asked is refused. Tokens are kept in memory per key,
 * installation, repository and permissions until {@link #REFRESH_BEFORE} before they expire; never stored, logged or
 * handed to a caller.
 */
final class GitHubAppTokens implements CodeHostTokens {

    /** The egress purpose of the mint; egress's own, no caller may send under it. */
    static final String PURPOSE = "egress.github-app-token";
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Integer> LEVEL = Map.of("read", 1, "write", 2, "admin", 3);

    /** Posts the mint's body to the endpoint with the JWT as bearer, through the gateway's checks. */
    @FunctionalInterface
    interface Exchange {
        WireResponse post(GitHubAppMint mint, String jwt, byte[] body);
    }

    /** Why a token could not be had, in words that never hold the key, the JWT or a token. */
    static final class TokenException extends RuntimeException {
        final boolean refusedByGitHub;

        TokenException(String message, boolean refusedByGitHub) {
            super(message);
            this.refusedByGitHub = refusedByGitHub;
        }
    }

    private record Token(String value, Instant renewAt) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Token> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * The mint's policy: POST to an installation's token endpoint on the App's API base only (the connection's host),
     * 30 s, 64 KiB, no redirects.
     */
    static dev.charter.egress.EgressPolicy policy() {
        return dev.charter.egress.EgressPolicy.forPurpose(PURPOSE)
                .allow(dev.charter.egress.Destination.connection().withMethods("POST")
                        .withPaths("/app/installations/*/access_tokens", "/**/app/installations/*/access_tokens"))
                .timeout(Duration.ofSeconds(30))
                .maxResponseBytes(64L * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                .dlp(dev.charter.egress.DlpAction.BLOCK)
                .build();
    }

    GitHubAppTokens(Clock clock) {
        this.clock = clock;
    }

    /** A valid installation token for {@code mint}: the cached one, or one minted now with the key {@code pem}. */
    String token(String credentialId, GitHubAppMint mint, byte[] pem, Exchange exchange) {
        String key = credentialId + " " + mint.installationId() + " " + mint.api() + " " + mint.repository() + " "
                + mint.permissions();
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.value();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = cache.get(key);
            Instant now = clock.instant();
            if (cached != null && now.isBefore(cached.renewAt())) {
                return cached.value();
            }
            String jwt = jwt(mint.appId(), privateKey(pem), now);
            ObjectNode body = JSON.createObjectNode();
            body.putArray("repositories").add(mint.repository());
            ObjectNode perms = body.putObject("permissions");
            mint.permissions().forEach(perms::put);
            WireResponse answer = exchange.post(mint, jwt, JSON.writeValueAsBytes(body));
            Token token = read(answer, mint, now);
            cache.put(key, token);
            return token.value();
        }
    }

    @Override
    public void forget(SecretRef appKey, long installationId) {
        String prefix = appKey.credentialId() + " " + installationId + " ";
        cache.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public void forgetAll(SecretRef appKey) {
        String prefix = appKey.credentialId() + " ";
        cache.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** How many tokens are kept (for tests of forgetting). */
    int cached() {
        return cache.size();
    }

    /** The App's JWT: RS256, {@code iat} 60 s back, {@code exp} 9 minutes on, {@code iss} the App id. */
    static String jwt(String appId, PrivateKey key, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(appId)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(540)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new TokenException("the GitHub App's private key cannot sign: " + e.getMessage(), false);
        }
        return jwt.serialize();
    }

    /**
     * The RSA private key of a PEM file: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub issues) is wrapped into
     * PKCS#8 for the JDK's {@link KeyFactory}, so no PEM library is needed.
     */
    static PrivateKey privateKey(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new TokenException("the stored GitHub App key is not a PEM private key", false);
        }
        String b64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new TokenException("the stored GitHub App key is not valid base64 PEM", false);
        }
        byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new TokenException("the stored GitHub App key is not an RSA private key", false);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption with NULL parameters. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] head = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
                0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        octets.write(0x04);
        length(octets, pkcs1.length);
        octets.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        length(out, head.length + octets.size());
        out.writeBytes(head);
        out.writeBytes(octets.toByteArray());
        return out.toByteArray();
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
    }

    private Token read(WireResponse answer, GitHubAppMint mint, Instant now) {
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            body = JSON.createObjectNode();
        }
        String where = "installation " + mint.installationId() + " at " + mint.api().getHost();
        if (answer.status() == 401 || answer.status() == 403 || answer.status() == 404) {
            throw new TokenException("GitHub refused a token for " + where + " (HTTP " + answer.status()
                    + "): the App was removed or suspended, or its key revoked; access through it has ended", true);
        }
        if (answer.status() != 201 && answer.status() != 200) {
            throw new TokenException("GitHub did not mint a token for " + where + " (HTTP " + answer.status() + ")"
                    + (answer.status() == 422 ? ": the installation does not grant the permissions asked "
                    + mint.permissions() + " on " + mint.repository() : ""), false);
        }
        String value = body.path("token").asString("");
        Instant expires;
        try {
            expires = Instant.parse(body.path("expires_at").asString(""));
        } catch (DateTimeParseException e) {
            expires = null;
        }
        if (value.isBlank() || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f) || expires == null) {
            throw new TokenException("GitHub answered the mint for " + where + " without a usable token and expires_at", false);
        }
        JsonNode repos = body.path("repositories");
        if (repos.isArray()) {
            for (JsonNode r : repos) {
                if (!mint.repository().equalsIgnoreCase(r.path("name").asString(""))) {
                    throw new TokenException("GitHub minted a token for " + where + " that reaches more than "
                            + mint.repository() + "; it is not used", false);
                }
            }
        }
        for (var e : body.path("permissions").properties()) {
            String asked = mint.permissions().get(e.getKey());
            int granted = LEVEL.getOrDefault(e.getValue().asString(""), 3);
            if (!e.getKey().equals("metadata") && (asked == null || granted > LEVEL.get(asked))) {
                throw new TokenException("GitHub minted a token for " + where + " with more than the permissions asked ("
                        + e.getKey() + "); it is not used", false);
            }
        }
        Instant renewAt = expires.minus(REFRESH_BEFORE);
        return new Token(value, renewAt.isAfter(now) ? renewAt : now);
    }
}

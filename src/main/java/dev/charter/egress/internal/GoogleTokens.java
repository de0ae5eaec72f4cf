package dev.charter.egress.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens for Google Cloud service accounts (ADR 0141), minted inside egress only. The stored credential is the
 * account's JSON key; from it a JWT is signed (RS256, {@code iss} the account's e-mail, {@code aud} the token
 * endpoint, {@code scope} cloud-platform, one hour) and exchanged at the token endpoint the operator configured
 * ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}). The key file's {@code token_uri} is ignored, so a
 * key cannot send its own signed assertion elsewhere. A token is kept in memory, per credential, until
 * {@link #REFRESH_BEFORE} before it expires; it is never stored, logged or handed to a caller.
 */
final class GoogleTokens {

    /** The egress purpose of the token exchange; egress's own, no caller may send under it. */
    static final String PURPOSE = "egress.google-token";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** A token is renewed this long before its expiry, so that no request carries one that runs out on the way. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The parts of a service account key that signing needs. */
    record ServiceAccount(String email, String keyId, PrivateKey key) {
        @Override
        public String toString() {
            return "ServiceAccount[" + email + "]";
        }
    }

    /** Sends the form body to the token endpoint through the gateway's checks and answers its response. */
    @FunctionalInterface
    interface Exchange {
        WireResponse post(URI tokenUrl, byte[] form);
    }

    /** Why a token could not be had, in words that never hold the key or a token. */
    static final class TokenException extends RuntimeException {
        TokenException(String message) {
            super(message);
        }
    }

    private record Token(String value, Instant renewAt) {}

    private final URI tokenUrl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Token> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    GoogleTokens(URI tokenUrl, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clock = clock;
    }

    URI tokenUrl() {
        return tokenUrl;
    }

    /**
     * A valid access token for the key {@code secret} (its credential id {@code credentialId}): the cached one, or a
     * new one from the token endpoint.
     */
    String token(String credentialId, byte[] secret, Exchange exchange) {
        String cacheKey = credentialId + " " + tokenUrl;
        Token cached = cache.get(cacheKey);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.value();
        }
        synchronized (locks.computeIfAbsent(cacheKey, k -> new Object())) {
            cached = cache.get(cacheKey);
            Instant now = clock.instant();
            if (cached != null && now.isBefore(cached.renewAt())) {
                return cached.value();
            }
            ServiceAccount account = parse(secret);
            String assertion = assertion(account, now);
            byte[] form = ("grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&assertion=" + assertion)
                    .getBytes(StandardCharsets.US_ASCII);
            WireResponse answer = exchange.post(tokenUrl, form);
            Token token = read(answer, account, now);
            cache.put(cacheKey, token);
            return token.value();
        }
    }

    /** Forgets every token, for example after a key was revoked; the next request asks for a new one. */
    void forget(String credentialId) {
        cache.keySet().removeIf(k -> k.startsWith(credentialId + " "));
    }

    /** The key's e-mail, key id and RSA private key (PKCS#8 PEM, as Google issues it). */
    static ServiceAccount parse(byte[] secret) {
        JsonNode key;
        try {
            key = JSON.readTree(secret);
        } catch (JacksonException e) {
            throw new TokenException("the stored service account key is not JSON");
        }
        String type = key.path("type").asString("");
        String email = key.path("client_email").asString("");
        String pem = key.path("private_key").asString("");
        String keyId = key.path("private_key_id").asString("");
        if (!"service_account".equals(type) || email.isBlank() || pem.isBlank()) {
            throw new TokenException("the stored key is not a service account key (type, client_email, private_key)");
        }
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        if (pem.contains("RSA PRIVATE KEY") || body.isEmpty()) {
            throw new TokenException("the service account's private key is not a PKCS#8 PEM key");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new TokenException("the service account's private key is not valid base64 PEM");
        }
        try {
            PrivateKey pk = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new ServiceAccount(email, keyId.isBlank() ? null : keyId, pk);
        } catch (GeneralSecurityException e) {
            throw new TokenException("the service account's private key is not an RSA key");
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }

    /** The signed JWT bearer assertion, audience the configured token endpoint. */
    String assertion(ServiceAccount account, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(account.email())
                .audience(tokenUrl.toString())
                .claim("scope", SCOPE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (account.keyId() != null) {
            header.keyID(account.keyId());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new RSASSASigner(account.key()));
        } catch (JOSEException e) {
            throw new TokenException("the service account's private key cannot sign: " + e.getMessage());
        }
        return jwt.serialize();
    }

    private Token read(WireResponse answer, ServiceAccount account, Instant now) {
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            body = JSON.createObjectNode();
        }
        if (answer.status() / 100 != 2) {
            String error = clean(body.path("error").asString(""));
            String description = clean(body.path("error_description").asString(""));
            throw new TokenException("the token endpoint " + tokenUrl.getHost() + " refused the service account key of "
                    + account.email() + ": HTTP " + answer.status() + (error.isEmpty() ? "" : " " + error)
                    + (description.isEmpty() ? "" : ": " + description));
        }
        String value = body.path("access_token").asString("");
        long expiresIn = body.path("expires_in").asLong(0);
        if (value.isBlank() || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f) || expiresIn <= 0) {
            throw new TokenException("the token endpoint " + tokenUrl.getHost()
                    + " answered without a usable access_token and expires_in");
        }
        Instant renewAt = now.plusSeconds(expiresIn).minus(REFRESH_BEFORE);
        return new Token(value, renewAt);
    }

    private static String clean(String s) {
        String out = s.replaceAll("[^\\x20-\\x7e]", " ").strip();
        return out.length() > 200 ? out.substring(0, 200) + "…" : out;
    }
}

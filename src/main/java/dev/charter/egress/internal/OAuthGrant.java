package dev.charter.egress.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OAuth grant as stored in the vault: {@code name=value} lines (see {@link dev.charter.egress.OAuthClient}). Lives
 * only for the length of one vault callback; {@code toString} names no value.
 */
final class OAuthGrant {

    /** A token this close to its expiry is refreshed before use. */
    static final long SKEW_SECONDS = 60;

    private final Map<String, String> fields;

    private OAuthGrant(Map<String, String> fields) {
        this.fields = fields;
    }

    static OAuthGrant parse(byte[] stored) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(stored, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!fields.containsKey("client_id") || !fields.containsKey("token_uri") || !fields.containsKey("client_secret")) {
            throw new IllegalStateException("the stored credential is not an OAuth grant");
        }
        return new OAuthGrant(fields);
    }

    String get(String name) {
        return fields.get(name);
    }

    boolean hasAccessToken() {
        return fields.containsKey("access_token");
    }

    boolean expired(Instant now) {
        String at = fields.get("expires_at");
        return at != null && now.getEpochSecond() >= Long.parseLong(at) - SKEW_SECONDS;
    }

    boolean basicAuth() {
        return "basic".equals(fields.get("client_auth"));
    }

    /**
     * The grant with new tokens: the pending verifier dropped; a refresh token the answer did not rotate kept.
     */
    OAuthGrant withTokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {
        Map<String, String> next = new LinkedHashMap<>(fields);
        next.remove("code_verifier");
        next.put("access_token", accessToken);
        if (refreshToken != null) {
            next.put("refresh_token", refreshToken);
        }
        if (expiresAt != null) {
            next.put("expires_at", Long.toString(expiresAt.getEpochSecond()));
        } else {
            next.remove("expires_at");
        }
        if (scope != null) {
            next.put("scope", scope);
        }
        return new OAuthGrant(next);
    }

    byte[] bytes() {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
        char[] wipe = new char[b.length()];
        Arrays.fill(wipe, '\0');
        b.setLength(0);
        b.append(wipe);
        return out;
    }

    @Override
    public String toString() {
        return "OAuthGrant[" + fields.keySet() + "]";
    }
}

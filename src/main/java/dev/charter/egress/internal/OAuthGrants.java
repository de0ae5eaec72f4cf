package dev.charter.egress.internal;

import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.OAuthGrantInfo;
import dev.charter.egress.OAuthTokens;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth grants inside egress: the code exchange, the refresh of an expired access token at the moment of use, and
 * the bearer token a request carries. The token endpoint's request passes the gateway's checks (policy, address,
 * DLP) without its secrets; the client secret, the PKCE verifier and the refresh token are added only after them,
 * like any credential. Token responses are read with Spring Security's {@link DefaultMapOAuth2AccessTokenResponseConverter}.
 * A refresh holds the vault row's lock ({@code Vault.rewriteSecret}), so of two nodes only one refreshes and the
 * other reads the fresh token; a rotated refresh token is committed before the request that needed it is sent.
 */
final class OAuthGrants implements OAuthTokens {

    /** Sends one token-endpoint request: {@code publicForm} is checked, {@code secretForm} appended after the checks. */
    interface TokenEndpoint {
        WireResponse post(String purpose, OrgId org, UserId actor, URI tokenUri, String publicForm, byte[] secretForm,
                          byte[] basicUserPassword);
    }

    /** Applies the access token to one request. */
    interface WithToken<T> {
        T apply(byte[] accessToken) throws IOException;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,60}");
    private static final Object REFRESH = new Object();

    private final TokenEndpoint endpoint;
    private final CredentialAccess credentials;
    private final Clock clock;
    private final DefaultMapOAuth2AccessTokenResponseConverter converter = new DefaultMapOAuth2AccessTokenResponseConverter();

    OAuthGrants(TokenEndpoint endpoint, CredentialAccess credentials, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public OAuthGrantInfo exchangeCode(String purpose, OrgId org, UserId actor, SecretRef grant, String code,
                                       String redirectUri) {
        if (!grant.org().equals(org)) {
            throw new EgressDeniedException("the grant does not belong to the organization the request is made for");
        }
        AtomicReference<OAuthGrantInfo> info = new AtomicReference<>();
        rewrite(org, grant, stored -> {
            OAuthGrant g = OAuthGrant.parse(stored);
            String verifier = g.get("code_verifier");
            if (verifier == null) {
                throw new EgressDeniedException("this authorization was already completed; start it again");
            }
            String publicForm = form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                    "client_id", g.get("client_id"));
            Tokens t = call(purpose, org, actor, g, publicForm, secretForm(g, "code_verifier", verifier));
            info.set(t.info);
            return g.withTokens(t.access, t.refresh, t.expiresAt, t.scope).bytes();
        });
        return info.get();
    }

    /** Runs {@code use} with the grant's access token, refreshing it first when it has expired. */
    <T> T withAccessToken(String purpose, OrgId org, UserId actor, SecretRef ref, WithToken<T> use) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            // once refreshed, the fresh token is used even if the provider issued it for less than the margin
            boolean refreshAllowed = attempt == 0;
            Object result = credentials.use(org, ref, stored -> {
                OAuthGrant g = OAuthGrant.parse(stored);
                if (!g.hasAccessToken()) {
                    throw new EgressDeniedException("the connection's authorization was never completed; connect it again");
                }
                if (refreshAllowed && g.expired(clock.instant()) && g.get("refresh_token") != null) {
                    return REFRESH;
                }
                byte[] token = g.get("access_token").getBytes(StandardCharsets.UTF_8);
                try {
                    return use.apply(token);
                } finally {
                    Arrays.fill(token, (byte) 0);
                }
            });
            if (result != REFRESH) {
                @SuppressWarnings("unchecked")
                T t = (T) result;
                return t;
            }
            rewrite(org, ref, stored -> {
                OAuthGrant g = OAuthGrant.parse(stored);
                if (!g.expired(clock.instant()) || g.get("refresh_token") == null) {
                    return null; // another request refreshed it while this one waited for the lock
                }
                String publicForm = form("grant_type", "refresh_token", "client_id", g.get("client_id"));
                Tokens t = call(g.get("token_purpose"), org, actor, g, publicForm,
                        secretForm(g, "refresh_token", g.get("refresh_token")));
                return g.withTokens(t.access, t.refresh, t.expiresAt, t.scope).bytes();
            });
        }
        throw new EgressFailedException("the access token could not be refreshed; connect the service again", null);
    }

    private void rewrite(OrgId org, SecretRef ref, java.util.function.Function<byte[], byte[]> change) {
        credentials.rewrite(org, ref, change);
    }

    private record Tokens(String access, String refresh, Instant expiresAt, String scope, OAuthGrantInfo info) {}

    private Tokens call(String purpose, OrgId org, UserId actor, OAuthGrant g, String publicForm, byte[] secretForm) {
        byte[] basic = g.basicAuth() ? (g.get("client_id") + ":" + g.get("client_secret")).getBytes(StandardCharsets.UTF_8) : null;
        WireResponse answer;
        try {
            answer = endpoint.post(purpose, org, actor, URI.create(g.get("token_uri")), publicForm, secretForm, basic);
        } finally {
            Arrays.fill(secretForm, (byte) 0);
            if (basic != null) {
                Arrays.fill(basic, (byte) 0);
            }
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (RuntimeException e) {
            throw new EgressFailedException("the token endpoint answered " + answer.status() + " without JSON", null);
        } finally {
            Arrays.fill(answer.body(), (byte) 0);
        }
        String error = text(body, "error");
        boolean slackRefused = body.has("ok") && !body.get("ok").asBoolean();
        if (answer.status() >= 300 || error != null || slackRefused) {
            String code = error != null && ERROR_CODE.matcher(error).matches() ? error : "no error code";
            throw new EgressFailedException("the provider refused the grant (HTTP " + answer.status() + ", " + code
                    + "); connect the service again", null);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        body.properties().forEach(e -> {
            if (e.getValue().isValueNode()) {
                params.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asLong() : e.getValue().asString());
            }
        });
        // Slack names its token type "bot" or "user"; both are sent as bearer tokens
        params.put("token_type", "Bearer");
        OAuth2AccessTokenResponse r;
        try {
            r = converter.convert(params);
        } catch (RuntimeException e) {
            throw new EgressFailedException("the token endpoint's answer has no access token", null);
        }
        String access = r.getAccessToken().getTokenValue();
        if (access.isEmpty() || access.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new EgressFailedException("the token endpoint's access token is not printable text", null);
        }
        String refresh = r.getRefreshToken() == null ? null : r.getRefreshToken().getTokenValue();
        Instant expires = params.containsKey("expires_in") ? r.getAccessToken().getExpiresAt() : null;
        List<String> scopes = r.getAccessToken().getScopes().stream().flatMap(s -> Arrays.stream(s.split(","))).sorted().toList();
        Map<String, String> details = new LinkedHashMap<>();
        for (String name : OAuthGrantInfo.DETAIL_NAMES) {
            JsonNode n = name.contains(".") ? body.path(name.split("\\.")[0]).path(name.split("\\.")[1]) : body.path(name);
            if (n.isValueNode() && n.asString().length() <= 200) {
                details.put(name, n.asString());
            }
        }
        return new Tokens(access, refresh, expires, String.join(" ", scopes),
                new OAuthGrantInfo(scopes, expires, refresh != null || body.has("refresh_token"), details));
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? null : n.asString();
    }

    /** The secret part of the form: the given field, and the client secret when it travels in the form. */
    private static byte[] secretForm(OAuthGrant g, String name, String value) {
        String form = "&" + name + "=" + enc(value);
        if (!g.basicAuth()) {
            form += "&client_secret=" + enc(g.get("client_secret"));
        }
        return form.getBytes(StandardCharsets.UTF_8);
    }

    private static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(kv[i]).append('=').append(enc(kv[i + 1]));
        }
        return b.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}

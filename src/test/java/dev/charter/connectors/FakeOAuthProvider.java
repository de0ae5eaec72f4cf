package dev.charter.connectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A local stand-in for an OAuth 2.0 provider's authorization and token endpoints, as GitHub, Atlassian, Slack and
 * Google document them: {@code GET <prefix>/authorize} answers 302 to the redirect URI with a code and the state;
 * {@code POST <prefix>/token} (form-encoded) checks the client (HTTP Basic or {@code client_secret} in the form),
 * the code, the redirect URI and the PKCE verifier (S256 against the challenge), and answers with tokens; a
 * {@code refresh_token} grant accepts only the newest refresh token when tokens rotate. {@code <prefix>/api/**}
 * answers 200 only with a current access token. Tokens come from the test ({@code tokens}), so canaries can be planted.
 */
public final class FakeOAuthProvider implements AutoCloseable {

    public enum Style { GITHUB, ATLASSIAN, SLACK, GOOGLE }

    public record Authorization(Map<String, String> query) {}

    public record TokenRequest(Map<String, String> form, String authorization) {}

    private final HttpServer server;
    private final Style style;
    private final String clientId;
    private final String clientSecret;
    private final Supplier<String> tokens;
    public final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    public final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<String> apiAuthorizations = new CopyOnWriteArrayList<>();
    public final AtomicInteger refreshes = new AtomicInteger();
    private final Map<String, String[]> codes = new ConcurrentHashMap<>(); // code -> challenge, redirect
    private final Set<String> validAccess = ConcurrentHashMap.newKeySet();
    private volatile String currentRefresh;
    /** expires_in of the next tokens (seconds); null for none. */
    public volatile Integer expiresIn;
    /** Extra JSON the API answers under {@code /api/**}, by path. */
    public final Map<String, String> apiAnswers = new ConcurrentHashMap<>();
    /** An answer under {@code /api/**}: status, JSON body, an optional Link header and any other headers. */
    public record ApiAnswer(int status, String body, String link, Map<String, String> headers) {
        public ApiAnswer(int status, String body, String link) {
            this(status, body, link, Map.of());
        }
    }
    /** Answers by path (below /api) and raw query, before {@link #apiAnswers}; null falls through. */
    public volatile java.util.function.BiFunction<String, String, ApiAnswer> apiHandler;
    /** The paths (below /api) and queries the API was asked for. */
    public final List<String> apiRequests = new CopyOnWriteArrayList<>();

    public FakeOAuthProvider(Style style, String clientId, String clientSecret, Supplier<String> tokens) throws IOException {
        this.style = style;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
        this.expiresIn = style == Style.GITHUB || style == Style.SLACK ? null : 3600;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String authorizeUrl() {
        return base() + "/authorize";
    }

    public String tokenUrl() {
        return base() + "/token";
    }

    public String apiUrl() {
        return base() + "/api";
    }

    public boolean acceptsAccessToken(String token) {
        return validAccess.contains(token);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        try {
            if (path.equals("/authorize") && ex.getRequestMethod().equals("GET")) {
                authorize(ex);
            } else if (path.equals("/token") && ex.getRequestMethod().equals("POST")) {
                token(ex);
            } else if (path.startsWith("/api/")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                apiAuthorizations.add(auth == null ? "" : auth);
                if (auth == null || !auth.startsWith("Bearer ") || !validAccess.contains(auth.substring(7))) {
                    answer(ex, 401, "{\"message\":\"Bad credentials\"}");
                } else {
                    String rest = path.substring(4);
                    String query = ex.getRequestURI().getRawQuery();
                    apiRequests.add(rest + (query == null ? "" : "?" + query));
                    ApiAnswer a = apiHandler == null ? null : apiHandler.apply(rest, query);
                    if (a != null) {
                        if (a.link() != null) {
                            ex.getResponseHeaders().add("Link", a.link());
                        }
                        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                        answer(ex, a.status(), a.body());
                    } else {
                        answer(ex, 200, apiAnswers.getOrDefault(rest, "{\"ok\":true}"));
                    }
                }
            } else {
                answer(ex, 404, "{\"message\":\"Not Found\"}");
            }
        } catch (RuntimeException e) {
            answer(ex, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
        authorizations.add(new Authorization(q));
        String redirect = q.get("redirect_uri");
        if (!clientId.equals(q.get("client_id")) || redirect == null || !"code".equals(q.get("response_type"))) {
            answer(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new String[] {q.get("code_challenge"), redirect, q.get("code_challenge_method")});
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code) + "&state=" + enc(q.get("state"));
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = parse(body);
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        tokenRequests.add(new TokenRequest(form, authorization));
        if (!clientOk(form, authorization)) {
            error(ex, 401, "invalid_client");
            return;
        }
        String grant = form.get("grant_type");
        if ("authorization_code".equals(grant)) {
            String[] pending = codes.remove(form.getOrDefault("code", ""));
            if (pending == null || !pending[1].equals(form.get("redirect_uri"))) {
                error(ex, 400, style == Style.GITHUB ? "bad_verification_code" : "invalid_grant");
                return;
            }
            String verifier = form.get("code_verifier");
            if (pending[0] == null || verifier == null || !"S256".equals(pending[2]) || !pending[0].equals(s256(verifier))) {
                error(ex, 400, "invalid_grant");
                return;
            }
        } else if ("refresh_token".equals(grant)) {
            if (currentRefresh == null || !currentRefresh.equals(form.get("refresh_token"))) {
                error(ex, 400, "invalid_grant");
                return;
            }
            refreshes.incrementAndGet();
        } else {
            error(ex, 400, "unsupported_grant_type");
            return;
        }
        String access = tokens.get();
        validAccess.add(access);
        boolean refreshable = style == Style.ATLASSIAN || style == Style.GOOGLE || expiresIn != null;
        String refresh = refreshable ? tokens.get() : null;
        if ("refresh_token".equals(grant) && style == Style.GOOGLE) {
            refresh = null; // Google keeps its refresh token; Atlassian and GitHub rotate theirs
        } else if (refresh != null) {
            currentRefresh = refresh;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (style == Style.SLACK) {
            answer.put("ok", true);
            answer.put("token_type", "bot");
            answer.put("scope", "channels:history,channels:read,users:read");
            answer.put("bot_user_id", "U0BOT");
            answer.put("app_id", "A0APP");
        } else {
            answer.put("token_type", style == Style.GITHUB ? "bearer" : "Bearer");
            answer.put("scope", style == Style.GITHUB ? "repo,read:user" : style == Style.GOOGLE
                    ? "https://www.googleapis.com/auth/gmail.metadata" : "read:jira-work read:jira-user offline_access");
        }
        answer.put("access_token", access);
        if (expiresIn != null) {
            answer.put("expires_in", expiresIn);
        }
        if (refresh != null) {
            answer.put("refresh_token", refresh);
        }
        StringBuilder json = new StringBuilder("{");
        answer.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
        if (style == Style.SLACK) {
            json.append(",\"team\":{\"id\":\"T0TEAM\",\"name\":\"Acme\"}");
        }
        answer(ex, 200, json.append('}').toString());
    }

    private boolean clientOk(Map<String, String> form, String authorization) {
        if (style == Style.GITHUB || style == Style.SLACK) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                    .getBytes(StandardCharsets.UTF_8));
            return expected.equals(authorization) && !form.containsKey("client_secret");
        }
        return clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
    }

    private void error(HttpExchange ex, int status, String code) throws IOException {
        if (style == Style.GITHUB) {
            answer(ex, 200, "{\"error\":\"" + code + "\",\"error_description\":\"refused\"}");
        } else if (style == Style.SLACK) {
            answer(ex, 200, "{\"ok\":false,\"error\":\"" + code + "\"}");
        } else {
            answer(ex, status, "{\"error\":\"" + code + "\",\"error_description\":\"refused\"}");
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query of a URL or a form body as a map (last value wins). */
    public static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    public static Map<String, String> query(URI uri) {
        return parse(uri.getRawQuery());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}

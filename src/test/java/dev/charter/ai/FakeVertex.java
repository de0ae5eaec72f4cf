package dev.charter.ai;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stand-ins on 127.0.0.1 for Google's OAuth token endpoint and for Vertex AI's aiplatform API, from Google's
 * documented shapes. The token endpoint takes {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} with an
 * {@code assertion} that it verifies itself with the service account's public key (RS256, {@code iss} the account,
 * {@code aud} its own URL, the cloud-platform scope, at most an hour) and answers
 * {@code {"access_token", "expires_in", "token_type": "Bearer"}} or {@code {"error", "error_description"}}. The
 * aiplatform side takes {@code POST /v1/projects/<p>/locations/<r>/publishers/anthropic/models/<m>:rawPredict} with a
 * token it issued as bearer and a body with {@code anthropic_version: vertex-2023-10-16} and no {@code model}; it
 * answers Anthropic's message object, or Google's error shape {@code {"error": {"code", "message", "status"}}}.
 */
public final class FakeVertex implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RAW_PREDICT = Pattern.compile(
            "/v1/projects/([^/]+)/locations/([^/]+)/publishers/anthropic/models/([^/:]+):(rawPredict|streamRawPredict)");

    public record Received(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null ? null : v.get(0);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String raw() {
            return method + " " + path + "\n" + headers + "\n" + body;
        }
    }

    public record Answer(int status, String body, Map<String, String> headers) {}

    /** A service account with its key pair; {@link #json(String)} is the key file Google hands out. */
    public record Account(String email, String keyId, KeyPair keys, String project) {
        public String privateKeyPem() {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(keys.getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
        }

        /** The downloaded key file, pretty-printed as Google writes it; {@code tokenUri} is the file's own claim. */
        public String json(String tokenUri) {
            ObjectNode k = JSON.createObjectNode();
            k.put("type", "service_account");
            k.put("project_id", project);
            k.put("private_key_id", keyId);
            k.put("private_key", privateKeyPem());
            k.put("client_email", email);
            k.put("client_id", "1" + Math.abs(email.hashCode()));
            k.put("auth_uri", "https://accounts.example.test/o/oauth2/auth");
            k.put("token_uri", tokenUri);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(k);
        }
    }

    public static Account account(String project) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            String name = "charter-" + UUID.randomUUID().toString().substring(0, 8);
            return new Account(name + "@" + project + ".iam.gserviceaccount.com",
                    UUID.randomUUID().toString().replace("-", ""), g.generateKeyPair(), project);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Token requests received. */
    public final List<Received> tokenRequests = new CopyOnWriteArrayList<>();
    /** Model requests received. */
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers to give model requests instead of the documented one, in order. */
    public final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    /** Every access token issued. */
    public final Set<String> issued = ConcurrentHashMap.newKeySet();
    /** Accounts the token endpoint knows, by e-mail. */
    public final Map<String, RSAPublicKey> accounts = new ConcurrentHashMap<>();
    public volatile long expiresIn = 3599;
    public volatile String text = "Done.";
    public final ToolPlan tools = new ToolPlan();
    /** How {@code streamRawPredict} answers: {@link #text} as Anthropic's server-sent events. */
    public final FakeStreams.Plan stream = new FakeStreams.Plan();
    private final HttpServer tokenServer;
    private final HttpServer aiplatform;

    public FakeVertex() {
        try {
            tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            aiplatform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tokenServer.createContext("/", this::token);
        aiplatform.createContext("/", this::predict);
        tokenServer.start();
        aiplatform.start();
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
    }

    public String base() {
        return "http://127.0.0.1:" + aiplatform.getAddress().getPort();
    }

    public void know(Account a) {
        accounts.put(a.email(), (RSAPublicKey) a.keys().getPublic());
    }

    public void reset() {
        tokenRequests.clear();
        received.clear();
        script.clear();
        text = "Done.";
        expiresIn = 3599;
        tools.reset();
        stream.reset();
    }

    /** Google's error shape. */
    public static Answer error(int status, String googleStatus, String message) {
        return new Answer(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\""
                + googleStatus + "\"}}", Map.of());
    }

    /** Anthropic's own error object, as Vertex passes it through (overloaded, prompt too long). */
    public static Answer anthropicError(int status, String type, String message) {
        return new Answer(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}",
                Map.of());
    }

    private static Received read(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
        byte[] body = ex.getRequestBody().readAllBytes();
        return new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("content-type", "application/json; charset=UTF-8");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Received r = read(ex);
        tokenRequests.add(r);
        send(ex, tokenAnswer(r));
    }

    private Answer tokenAnswer(Received r) {
        if (!"POST".equals(r.method()) || !"/token".equals(r.path())) {
            return new Answer(404, "{\"error\":\"not_found\"}", Map.of());
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : r.body().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")) || form.get("assertion") == null) {
            return invalid("invalid_request", "Invalid grant_type or missing assertion.");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            RSAPublicKey key = accounts.get(c.getIssuer());
            if (key == null || !JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier(key))) {
                return invalid("invalid_grant", "Invalid JWT Signature.");
            }
            long life = (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000;
            if (!c.getAudience().equals(List.of(tokenUrl())) || life <= 0 || life > 3600
                    || !"https://www.googleapis.com/auth/cloud-platform".equals(c.getStringClaim("scope"))) {
                return invalid("invalid_grant", "Invalid JWT: aud, scope or lifetime.");
            }
        } catch (Exception e) {
            return invalid("invalid_grant", "Invalid JWT.");
        }
        String token = "ya29.c." + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        issued.add(token);
        return new Answer(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                + ",\"token_type\":\"Bearer\"}", Map.of());
    }

    private static Answer invalid(String error, String description) {
        return new Answer(400, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}", Map.of());
    }

    private void predict(HttpExchange ex) throws IOException {
        Received r = read(ex);
        received.add(r);
        String auth = r.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !issued.contains(auth.substring(7))) {
            send(ex, error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."));
            return;
        }
        Answer scripted = script.poll();
        Answer answer = scripted != null ? scripted : documented(r);
        Matcher m = RAW_PREDICT.matcher(r.path());
        if (scripted == null && answer.status() == 200 && m.matches() && "streamRawPredict".equals(m.group(4))) {
            if (!r.json().path("stream").asBoolean(false)) {
                send(ex, anthropicError(400, "invalid_request_error", "streamRawPredict needs stream: true"));
                return;
            }
            List<String> pieces = stream.piecesOf(text);
            FakeStreams.send(ex, stream, FakeStreams.anthropic(stream, m.group(3), pieces, 40, pieces.size()), 3,
                    pieces.size(), FakeStreams.anthropicError(stream));
            return;
        }
        send(ex, answer);
    }

    private Answer documented(Received r) {
        Matcher m = RAW_PREDICT.matcher(r.path());
        if (!"POST".equals(r.method()) || !m.matches()) {
            return error(404, "NOT_FOUND", "Publisher model not found.");
        }
        JsonNode body = r.json();
        if (!"vertex-2023-10-16".equals(body.path("anthropic_version").asString("")) || body.has("model")
                || body.path("max_tokens").asInt(0) < 1 || !body.path("messages").isArray()) {
            return anthropicError(400, "invalid_request_error", "anthropic_version: vertex-2023-10-16 is required; model is not allowed");
        }
        String toolProblem = ToolPlan.anthropicProblem(body);
        if (toolProblem != null) {
            return anthropicError(400, "invalid_request_error", toolProblem);
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_vrtx_test");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", m.group(3));
        var planned = body.path("tools").isArray() ? tools.anthropicUses() : null;
        if (planned != null) {
            message.set("content", planned);
            message.put("stop_reason", "tool_use");
        } else {
            ObjectNode block = message.putArray("content").addObject();
            block.put("type", "text");
            block.put("text", text);
            message.put("stop_reason", "end_turn");
        }
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", 40);
        usage.put("output_tokens", 4);
        return new Answer(200, message.toString(), Map.of());
    }

    @Override
    public void close() {
        tokenServer.stop(0);
        aiplatform.stop(0);
    }
}

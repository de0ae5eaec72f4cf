package dev.charter.pilots;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local fakes on 127.0.0.1 for the outbound steps, answering as the providers document:
 * <ul>
 *   <li>{@code /sink/**}: a generic JSON API; {@code /sink/flaky} answers 503 on its first call, {@code /sink/gone} 404</li>
 *   <li>{@link #SLACK_PATH}: a Slack incoming webhook: 200 {@code ok} for {@code {"text": …}}, 400 {@code invalid_payload}
 *       otherwise, 404 {@code no_service} on any other path under {@code /services/}</li>
 *   <li>{@code /resend/emails}: Resend: bearer key, 200 {@code {"id": …}}; 401/422 {@code {statusCode, message, name}}</li>
 * </ul>
 */
public final class StepFakes implements AutoCloseable {

    public record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public static final String SLACK_PATH = "/services/T0001/B0001/" + UUID.randomUUID().toString().replace("-", "");

    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final AtomicInteger flakyCalls = new AtomicInteger();
    /** A secret in a documented format (an AWS access key id) that /sink/refuses puts in its answer. */
    public final String echoedSecret = "AKIA" + randomBase32(16);
    public volatile String resendKey = "re_" + UUID.randomUUID().toString().replace("-", "");

    private static String randomBase32(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    public StepFakes() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> at(String pathPrefix) {
        return seen.stream().filter(s -> s.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        seen.add(new Seen(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        if (path.equals("/sink/flaky") && flakyCalls.incrementAndGet() == 1) {
            answer(ex, 503, "text/plain", "try later");
        } else if (path.equals("/sink/down")) {
            answer(ex, 503, "text/plain", "down for maintenance");
        } else if (path.equals("/sink/refuses")) {
            // a provider that echoes the caller's key and another secret in its refusal
            answer(ex, 422, "application/json", "{\"error\":\"order 42 is closed\",\"your_key\":\""
                    + String.valueOf(ex.getRequestHeaders().getFirst("Authorization")) + "\",\"debug\":\"aws "
                    + echoedSecret + "\"}");
        } else if (path.equals("/sink/gone")) {
            answer(ex, 404, "application/json", "{\"error\":\"not here\"}");
        } else if (path.startsWith("/sink/")) {
            answer(ex, 200, "application/json", "{\"received\":true,\"length\":" + body.length() + "}");
        } else if (path.equals(SLACK_PATH)) {
            JsonNode text = parse(body).get("text");
            if (ex.getRequestMethod().equals("POST") && text != null && text.isString() && !text.asString().isBlank()) {
                answer(ex, 200, "text/html", "ok");
            } else {
                answer(ex, 400, "text/html", "invalid_payload");
            }
        } else if (path.startsWith("/services/")) {
            answer(ex, 404, "text/html", "no_service");
        } else if (path.equals("/resend/emails")) {
            resend(ex, body);
        } else {
            answer(ex, 404, "text/plain", "no such fake");
        }
    }

    private void resend(HttpExchange ex, String body) throws IOException {
        if (!("Bearer " + resendKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, "application/json",
                    "{\"statusCode\":401,\"message\":\"API key is invalid\",\"name\":\"validation_error\"}");
            return;
        }
        JsonNode m = parse(body);
        boolean valid = m.has("from") && m.has("subject") && m.get("to") != null && m.get("to").isArray()
                && (m.has("text") || m.has("html"));
        if (!valid) {
            answer(ex, 422, "application/json",
                    "{\"statusCode\":422,\"message\":\"Missing required field\",\"name\":\"missing_required_field\"}");
            return;
        }
        answer(ex, 200, "application/json", "{\"id\":\"" + UUID.randomUUID() + "\"}");
    }

    private static JsonNode parse(String body) {
        try {
            return json.readTree(body.isEmpty() ? "{}" : body);
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

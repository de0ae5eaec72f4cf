package dev.charter.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Amazon Bedrock's runtime on 127.0.0.1, from AWS's documented shapes: {@code POST
 * /model/<model id>/invoke} with a SigV4 {@code Authorization} that it verifies itself with the secret it knows (the
 * documented algorithm, written out here independently of Charter's signer), a body with
 * {@code anthropic_version: bedrock-2023-05-31} and no {@code model}; it answers Anthropic's message object, or
 * AWS's error shape {@code {"message": …}} with {@code x-amzn-ErrorType}.
 */
public final class FakeBedrock implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    public record Received(String method, String path, Map<String, List<String>> headers, String body, boolean signatureValid) {
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

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    public volatile String keyId = "";
    public volatile String secret = "";
    public volatile String region = "eu-central-1";
    public volatile String text = "Done.";
    /** The tool calls it makes when a request offers tools, round by round. */
    public final ToolPlan tools = new ToolPlan();
    private final HttpServer server;

    public FakeBedrock() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void reset() {
        received.clear();
        script.clear();
        text = "Done.";
        tools.reset();
    }

    public static Answer error(int status, String type, String message) {
        return new Answer(status, "{\"message\":\"" + message + "\"}",
                Map.of("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"));
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        boolean valid = verify(ex.getRequestMethod(), path, headers, body);
        Received r = new Received(ex.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8), valid);
        received.add(r);
        Answer scripted = script.poll();
        Answer answer = scripted != null ? scripted : documented(r);
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("content-type", "application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Answer documented(Received r) {
        if (!r.signatureValid()) {
            return error(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!r.path().startsWith("/model/") || !r.path().endsWith("/invoke")) {
            return error(404, "ResourceNotFoundException", "Not found");
        }
        JsonNode body = r.json();
        if (!"bedrock-2023-05-31".equals(body.path("anthropic_version").asString("")) || body.has("model")
                || body.path("max_tokens").asInt(0) < 1 || !body.path("messages").isArray()) {
            return error(400, "ValidationException", "Malformed input request, please reformat your input and try again.");
        }
        String toolProblem = ToolPlan.anthropicProblem(body);
        if (toolProblem != null) {
            return error(400, "ValidationException", toolProblem);
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_bdrk_test");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "claude-on-bedrock");
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
        usage.put("input_tokens", 30);
        usage.put("output_tokens", 3);
        return new Answer(200, message.toString(), Map.of());
    }

    /** AWS's SigV4 check: recompute the canonical request from what arrived and compare the signature. */
    private boolean verify(String method, String path, Map<String, List<String>> headers, byte[] body) {
        List<String> auth = headers.get("authorization");
        if (auth == null) {
            return false;
        }
        String a = auth.get(0);
        String prefix = "AWS4-HMAC-SHA256 Credential=";
        if (!a.startsWith(prefix)) {
            return false;
        }
        String[] parts = a.substring(prefix.length()).split(", ");
        if (parts.length != 3 || !parts[1].startsWith("SignedHeaders=") || !parts[2].startsWith("Signature=")) {
            return false;
        }
        String[] scope = parts[0].split("/");
        if (scope.length != 5 || !scope[0].equals(keyId) || !scope[2].equals(region) || !scope[3].equals("bedrock")) {
            return false;
        }
        String signedHeaders = parts[1].substring("SignedHeaders=".length());
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> v = headers.get(name);
            if (v == null) {
                return false;
            }
            canonicalHeaders.append(name).append(':').append(String.join(",", v).strip()).append('\n');
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            segments.add(s.replace("%", "%25"));
        }
        String canonical = method + "\n" + String.join("/", segments) + "\n\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + HEX.formatHex(sha256(body));
        String amzDate = headers.get("x-amz-date").get(0);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "/" + scope[2] + "/" + scope[3]
                + "/aws4_request\n" + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        k = hmac(k, scope[2]);
        k = hmac(k, scope[3]);
        k = hmac(k, "aws4_request");
        return HEX.formatHex(hmac(k, stringToSign)).equals(parts[2].substring("Signature=".length()));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

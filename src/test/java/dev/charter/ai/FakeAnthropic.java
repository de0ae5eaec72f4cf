package dev.charter.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1, built from its documented shapes: {@code POST /v1/messages}
 * with {@code x-api-key}, {@code anthropic-version} and a JSON body of {@code model}, {@code max_tokens} and
 * {@code messages}; it answers a {@code message} object with {@code content[0].text} and {@code usage}, or the
 * documented error object {@code {"type":"error","error":{"type":…,"message":…}}}. With {@code tool_choice} forcing a
 * tool it answers a {@code tool_use} block whose {@code input} is {@link #text} read as JSON. It records every
 * request, raw.
 */
public final class FakeAnthropic implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** A scripted answer for the next request. */
    public record Answer(int status, String body, Map<String, String> headers, long delayMillis) {}

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    public volatile Set<String> acceptedKeys = Set.of();
    public volatile String text = "Done.";
    /** Longer prompts (in characters of the messages) get the documented 400 "prompt is too long". */
    public volatile int contextChars = 50_000;
    /** The tool calls it makes when a request offers tools, round by round. */
    public final ToolPlan tools = new ToolPlan();
    /** How a request with {@code stream: true} is answered: its {@link #text} as server-sent events. */
    public final FakeStreams.Plan stream = new FakeStreams.Plan();
    /** How long the documented answers wait before they are sent, in milliseconds. */
    public volatile long delayMillis;
    volatile long inputTokens = 12;
    volatile long outputTokens = 5;
    private final HttpServer server;

    public FakeAnthropic() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-anthropic");
            t.setDaemon(true);
            return t;
        }));
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
        stream.reset();
        contextChars = 50_000;
        delayMillis = 0;
        inputTokens = 12;
        outputTokens = 5;
    }

    public static Answer error(int status, String type, String message) {
        return new Answer(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_test\"}", Map.of(), 0);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(r);
        Answer scripted = script.poll();
        Answer answer = scripted != null ? scripted : documented(r);
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (scripted == null && answer.status() == 200 && isStream(r)) {
            List<String> pieces = stream.piecesOf(text);
            List<String> events = FakeStreams.anthropic(stream, r.json().path("model").asString(null), pieces,
                    inputTokens, outputTokens);
            FakeStreams.send(ex, stream, events, 3, pieces.size(), FakeStreams.anthropicError(stream));
            return;
        }
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("content-type", "application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    static boolean isStream(Received r) {
        try {
            return r.json().path("stream").asBoolean(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What the real API answers to this request, as far as its documentation says. */
    private Answer documented(Received r) {
        if (!"POST".equals(r.method()) || !"/v1/messages".equals(r.path())) {
            return error(404, "not_found_error", "Not found");
        }
        if (r.header("x-api-key") == null || !acceptedKeys.contains(r.header("x-api-key"))) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        if (!"2023-06-01".equals(r.header("anthropic-version"))) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        JsonNode body;
        try {
            body = r.json();
        } catch (RuntimeException e) {
            return error(400, "invalid_request_error", "invalid JSON");
        }
        if (!body.path("model").isString() || body.path("max_tokens").asInt(0) < 1 || !body.path("messages").isArray()
                || body.path("messages").isEmpty() || !"user".equals(body.path("messages").get(0).path("role").asString(""))) {
            return error(400, "invalid_request_error", "model, max_tokens and messages are required");
        }
        if (body.path("messages").toString().length() > contextChars) {
            return error(400, "invalid_request_error", "prompt is too long: " + (body.path("messages").toString().length() / 4)
                    + " tokens > " + (contextChars / 4) + " maximum");
        }
        String toolProblem = ToolPlan.anthropicProblem(body);
        if (toolProblem != null) {
            return error(400, "invalid_request_error", toolProblem);
        }
        var message = JSON.createObjectNode();
        message.put("id", "msg_test");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", body.path("model").asString());
        var planned = body.path("tools").isArray() && !"tool".equals(body.path("tool_choice").path("type").asString(""))
                ? tools.anthropicUses() : null;
        if (planned != null) {
            message.set("content", planned);
            message.put("stop_reason", "tool_use");
            message.putNull("stop_sequence");
            var usage = message.putObject("usage");
            usage.put("input_tokens", inputTokens);
            usage.put("output_tokens", outputTokens);
            return new Answer(200, message.toString(), Map.of(), delayMillis);
        }
        var block = message.putArray("content").addObject();
        JsonNode forced = body.path("tool_choice");
        boolean toolForced = "tool".equals(forced.path("type").asString(""));
        JsonNode input = null;
        if (toolForced) {
            try {
                input = JSON.readTree(text);
            } catch (RuntimeException e) {
                input = null;
            }
        }
        if (input != null && input.isObject()) {
            // the documented answer to a forced tool: a tool_use block whose input is the tool's arguments
            block.put("type", "tool_use");
            block.put("id", "toolu_test");
            block.put("name", forced.path("name").asString());
            block.set("input", input);
        } else {
            block.put("type", "text");
            block.put("text", text);
        }
        message.put("stop_reason", input != null && input.isObject() ? "tool_use" : "end_turn");
        message.putNull("stop_sequence");
        var usage = message.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        return new Answer(200, message.toString(), Map.of(), delayMillis);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

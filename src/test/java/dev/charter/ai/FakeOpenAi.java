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
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for an OpenAI-compatible chat completions server on 127.0.0.1, built from the documented shapes:
 * {@code POST <prefix>/chat/completions} with an optional {@code Authorization: Bearer} key and a JSON body of
 * {@code model}, {@code messages} and {@code max_tokens}; it answers a {@code chat.completion} object with
 * {@code choices[0].message.content}, {@code finish_reason} and {@code usage}, or the documented error object
 * {@code {"error":{"message":…,"type":…,"param":…,"code":…}}}. A request whose prompt is longer than
 * {@link #contextChars} gets the documented 400 {@code context_length_exceeded}. It records every request, raw.
 */
public final class FakeOpenAi implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** A scripted answer for the next request. */
    public record Answer(int status, String body, Map<String, String> headers) {}

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    /** Keys accepted as bearer tokens; empty: the server needs no key and ignores any. */
    public volatile Set<String> acceptedKeys = Set.of();
    public volatile String text = "Done.";
    /** The tool calls it makes when a request offers tools, round by round. */
    public final ToolPlan tools = new ToolPlan();
    /** How a request with {@code stream: true} is answered: its {@link #text} as chunks. */
    public final FakeStreams.Plan stream = new FakeStreams.Plan();
    public volatile int contextChars = 50_000;
    /** How long it takes to answer, as a hosted model takes to think (0: at once). */
    public volatile long delayMillis;
    /** Writes the answer's content from the request's JSON body, when set; else {@link #text} is the content. */
    public volatile java.util.function.Function<JsonNode, String> responder;
    private final String prefix;
    private final HttpServer server;

    /** @param prefix the path before /chat/completions, such as {@code /v1} */
    public FakeOpenAi(String prefix) {
        this.prefix = prefix;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL a client is configured with: origin and prefix. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    public void reset() {
        received.clear();
        script.clear();
        text = "Done.";
        delayMillis = 0;
        responder = null;
        tools.reset();
        stream.reset();
        contextChars = 50_000;
    }

    public static Answer error(int status, String message, String type, String code) {
        return new Answer(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                + "\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}", Map.of());
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(r);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis); // the model's thinking time, on this request's own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer scripted = script.poll();
        Answer answer = scripted != null ? scripted : documented(r);
        if (scripted == null && answer.status() == 200 && FakeAnthropic.isStream(r)) {
            List<String> pieces = stream.piecesOf(text);
            List<String> events = FakeStreams.openAi(stream, r.json().path("model").asString(), pieces);
            FakeStreams.send(ex, stream, events, 1, pieces.size(), FakeStreams.openAiError(stream));
            return;
        }
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("content-type", "application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Answer documented(Received r) {
        if (!"POST".equals(r.method()) || !(prefix + "/chat/completions").equals(r.path())) {
            return error(404, "Not found", "invalid_request_error", null);
        }
        String auth = r.header("authorization");
        if (!acceptedKeys.isEmpty() && (auth == null || !auth.startsWith("Bearer ")
                || !acceptedKeys.contains(auth.substring(7)))) {
            return error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }
        JsonNode body;
        try {
            body = r.json();
        } catch (RuntimeException e) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
        }
        if (!body.path("model").isString() || !body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return error(400, "model and messages are required", "invalid_request_error", null);
        }
        String toolProblem = ToolPlan.openAiProblem(body);
        if (toolProblem != null) {
            return error(400, toolProblem, "invalid_request_error", null);
        }
        int chars = 0;
        for (JsonNode m : body.path("messages")) {
            chars += m.path("content").asString("").length();
        }
        if (chars > contextChars) {
            return error(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in "
                    + "more tokens.", "invalid_request_error", "context_length_exceeded");
        }
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", "chatcmpl-test");
        completion.put("object", "chat.completion");
        completion.put("created", 1_700_000_000L);
        completion.put("model", body.path("model").asString());
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        var planned = body.path("tools").isArray() ? tools.openAiCalls() : null;
        if (planned != null) {
            message.putNull("content");
            message.set("tool_calls", planned);
            choice.put("finish_reason", "tool_calls");
        } else {
            var write = responder;
            message.put("content", write == null ? text : write.apply(body));
            choice.put("finish_reason", "stop");
        }
        ObjectNode usage = completion.putObject("usage");
        usage.put("prompt_tokens", 21);
        usage.put("completion_tokens", 4);
        usage.put("total_tokens", 25);
        return new Answer(200, completion.toString(), Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.charter.ai;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streamed answers as the model providers document them, for the fakes: Anthropic's server-sent events
 * ({@code message_start}, {@code content_block_*}, {@code ping}, {@code message_delta}, {@code message_stop},
 * {@code error}), which Vertex AI's {@code streamRawPredict} passes through, and OpenAI's chat completion chunks
 * ending in {@code data: [DONE]}. Each event is flushed on its own, chunked, as a server writes them while the model
 * generates.
 */
public final class FakeStreams {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** How the next streamed answer goes. */
    public static final class Plan {
        /** The answer's pieces; null to cut the fake's text into words. */
        public volatile List<String> pieces;
        /** After this many pieces an error event ends the stream; -1 for none. */
        public volatile int errorAfter = -1;
        public volatile String errorType = "overloaded_error";
        public volatile String errorMessage = "Overloaded";
        /** After this many pieces the stream stops sending and holds the connection until released; -1 for none. */
        public volatile int holdAfter = -1;
        /** Whether the usage event reports tokens. */
        public volatile boolean reportUsage = true;
        volatile CountDownLatch released = new CountDownLatch(1);

        public void reset() {
            pieces = null;
            errorAfter = -1;
            errorType = "overloaded_error";
            errorMessage = "Overloaded";
            holdAfter = -1;
            reportUsage = true;
            released.countDown();
            released = new CountDownLatch(1);
        }

        List<String> piecesOf(String text) {
            if (pieces != null) {
                return pieces;
            }
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("\\S+\\s*|\\s+").matcher(text);
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }
    }

    private FakeStreams() {}

    /** Anthropic's events for an answer of {@code pieces}, as {@code event:}/{@code data:} pairs. */
    static List<String> anthropic(Plan plan, String model, List<String> pieces, long inputTokens, long outputTokens) {
        List<String> events = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_stream_test").put("type", "message").put("role", "assistant");
        if (model != null) {
            message.put("model", model);
        }
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        events.add(event("message_start", start.toString()));
        events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(event("ping", "{\"type\": \"ping\"}"));
        for (String piece : pieces) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add(event("content_block_delta", delta.toString()));
        }
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        if (plan.reportUsage) {
            delta.putObject("usage").put("output_tokens", outputTokens);
        }
        events.add(event("message_delta", delta.toString()));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    /** Anthropic's error event, sent in the middle of a stream. */
    static String anthropicError(Plan plan) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + plan.errorType + "\",\"message\":\""
                + plan.errorMessage + "\"}}");
    }

    /** OpenAI's chunks for an answer of {@code pieces}, with a usage chunk and {@code [DONE]}. */
    static List<String> openAi(Plan plan, String model, List<String> pieces) {
        List<String> events = new ArrayList<>();
        events.add(data(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
        for (String piece : pieces) {
            events.add(data(chunk(model, JSON.createObjectNode().put("content", piece).toString(), null)));
        }
        events.add(data(chunk(model, "{}", "stop")));
        if (plan.reportUsage) {
            events.add(data("{\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":"
                    + pieces.size() + ",\"total_tokens\":" + (21 + pieces.size()) + "}}"));
        }
        events.add(data("[DONE]"));
        return events;
    }

    /** An error chunk in the middle of a stream, as OpenAI and vLLM send it. */
    static String openAiError(Plan plan) {
        return data("{\"error\":{\"message\":\"" + plan.errorMessage + "\",\"type\":\"" + plan.errorType
                + "\",\"param\":null,\"code\":503}}");
    }

    private static String chunk(String model, String delta, String finish) {
        return "{\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + model + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static String data(String data) {
        return "data: " + data + "\n\n";
    }

    /**
     * Sends {@code events} as a 200 {@code text/event-stream}, each flushed on its own: the pieces' events first, then,
     * where the plan says, an error event or a hold until the client goes away.
     *
     * @param pieceEvents the index range of the events that carry pieces: {@code [first, first + count)}
     */
    static void send(HttpExchange ex, Plan plan, List<String> events, int first, int count, String errorEvent)
            throws IOException {
        ex.getResponseHeaders().add("content-type", "text/event-stream");
        ex.getResponseHeaders().add("cache-control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        CountDownLatch released = plan.released;
        try {
            for (int i = 0; i < events.size(); i++) {
                int piece = i - first;
                if (piece == plan.errorAfter && piece >= 0 && piece <= count) {
                    write(out, errorEvent);
                    break;
                }
                if (piece == plan.holdAfter && piece >= 0 && piece <= count) {
                    released.await(20, TimeUnit.SECONDS);
                    break;
                }
                write(out, events.get(i));
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, as it does when it cuts a stream
        } finally {
            try {
                ex.close();
            } catch (RuntimeException e) {
                // closing a connection the client already closed
            }
        }
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

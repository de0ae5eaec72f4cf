package dev.charter.ai;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a model stand-in "decides" when a request offers tools: each round it takes the next entry, the tool calls to
 * make (an empty plan means the final answer). It also checks the providers' documented tool rules: Anthropic's
 * (every {@code tool_use} answered by a {@code tool_result} with its id in the next user message, tools declared
 * when tool blocks are present, names of 1 to 64 word characters) and OpenAI's (every {@code tool_calls} id answered
 * by a {@code role: tool} message with that {@code tool_call_id}, tools of type {@code function}).
 */
public final class ToolPlan {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** One call: the tool's name and its input as JSON text (not necessarily valid, to test refusals). */
    public record Call(String name, String input) {}

    public final ConcurrentLinkedQueue<List<Call>> rounds = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    public void then(Call... calls) {
        rounds.add(List.of(calls));
    }

    public static Call call(String name, String input) {
        return new Call(name, input);
    }

    public void reset() {
        rounds.clear();
    }

    /** Anthropic's rules, or null when the request keeps them. */
    static String anthropicProblem(JsonNode body) {
        boolean toolBlocks = false;
        Set<String> open = new HashSet<>();
        for (JsonNode m : body.path("messages")) {
            String role = m.path("role").asString("");
            Set<String> answered = new HashSet<>();
            for (JsonNode block : m.path("content")) {
                String type = block.path("type").asString("");
                if (type.equals("tool_use")) {
                    toolBlocks = true;
                    if (!role.equals("assistant") || !block.path("input").isObject()) {
                        return "tool_use blocks belong to assistant messages and have an input object";
                    }
                    open.add(block.path("id").asString(""));
                } else if (type.equals("tool_result")) {
                    toolBlocks = true;
                    if (!role.equals("user") || !open.contains(block.path("tool_use_id").asString(""))) {
                        return "unexpected `tool_use_id` found in `tool_result` blocks";
                    }
                    answered.add(block.path("tool_use_id").asString(""));
                } else if (type.equals("text") && block.path("text").asString("").isEmpty()) {
                    return "text content blocks must be non-empty";
                }
            }
            if (role.equals("user") && !open.isEmpty()) {
                if (!answered.equals(open)) {
                    return "tool_use ids were found without tool_result blocks immediately after";
                }
                open.clear();
            }
        }
        if (!open.isEmpty()) {
            return "the last message holds tool_use blocks";
        }
        if (toolBlocks && !body.path("tools").isArray()) {
            return "Requests which include tool_use or tool_result blocks must define tools.";
        }
        for (JsonNode tool : body.path("tools")) {
            if (!NAME.matcher(tool.path("name").asString("")).matches() || !tool.path("input_schema").isObject()) {
                return "tools: each tool needs a name and an input_schema";
            }
        }
        return null;
    }

    /** Anthropic's content blocks for the next planned round, or null when the plan says answer. */
    ArrayNode anthropicUses() {
        List<Call> next = rounds.poll();
        if (next == null || next.isEmpty()) {
            return null;
        }
        ArrayNode content = JSON.createArrayNode();
        for (Call c : next) {
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", "toolu_" + ids.incrementAndGet());
            block.put("name", c.name());
            block.set("input", JSON.readTree(c.input()));
        }
        return content;
    }

    /** OpenAI's rules, or null when the request keeps them. */
    static String openAiProblem(JsonNode body) {
        Set<String> open = new HashSet<>();
        for (JsonNode m : body.path("messages")) {
            String role = m.path("role").asString("");
            if (role.equals("tool")) {
                if (!open.remove(m.path("tool_call_id").asString(""))) {
                    return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
                }
                continue;
            }
            if (!open.isEmpty()) {
                return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.";
            }
            for (JsonNode call : m.path("tool_calls")) {
                if (!"function".equals(call.path("type").asString("")) || !call.path("function").path("arguments").isString()) {
                    return "tool_calls: type function with arguments as a string";
                }
                open.add(call.path("id").asString(""));
            }
        }
        if (!open.isEmpty()) {
            return "the last message holds tool_calls";
        }
        for (JsonNode tool : body.path("tools")) {
            if (!"function".equals(tool.path("type").asString(""))
                    || !NAME.matcher(tool.path("function").path("name").asString("")).matches()) {
                return "tools: each tool is a function with a name";
            }
        }
        return null;
    }

    /** OpenAI's {@code tool_calls} for the next planned round, or null when the plan says answer. */
    ArrayNode openAiCalls() {
        List<Call> next = rounds.poll();
        if (next == null || next.isEmpty()) {
            return null;
        }
        ArrayNode calls = JSON.createArrayNode();
        for (Call c : next) {
            ObjectNode call = calls.addObject();
            call.put("id", "call_" + ids.incrementAndGet());
            call.put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.input());
        }
        return calls;
    }

    /** Every tool result the request sends back, in order (Anthropic's or OpenAI's shape), as text. */
    public static List<String> results(Received r) {
        return results(r.json());
    }

    /** The same, of a request body. */
    public static List<String> results(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            if ("tool".equals(m.path("role").asString(""))) {
                out.add(m.path("content").asString(""));
            }
            for (JsonNode block : m.path("content")) {
                if ("tool_result".equals(block.path("type").asString(""))) {
                    out.add((block.path("is_error").asBoolean(false) ? "Error: " : "") + block.path("content").asString(""));
                }
            }
        }
        return out;
    }
}

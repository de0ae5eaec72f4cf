package dev.charter.ai.internal;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiTool;
import dev.charter.ai.AiToolCall;
import dev.charter.ai.AiToolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's tools: their definitions checked before anything is sent, and each call the model asks for run with
 * its input validated against the tool's schema first. A handler never sees an input that does not match.
 */
final class Tools {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TOOLS = 32;
    static final int MAX_DESCRIPTION = 1_000;

    private final Map<String, AiTool> byName = new LinkedHashMap<>();

    private Tools(List<AiTool> tools) {
        tools.forEach(t -> byName.put(t.name(), t));
    }

    /**
     * The request's tools, or the problems with them in {@code errors} (fields {@code tools}, {@code maxRounds}).
     * Returns null when there are problems.
     */
    static Tools check(List<AiTool> tools, int maxRounds, Map<String, String> errors) {
        if (maxRounds < 1 || maxRounds > AiGateway.MAX_TOOL_ROUNDS) {
            errors.put("maxRounds", "Allow 1 to " + AiGateway.MAX_TOOL_ROUNDS + " tool rounds.");
        }
        if (tools == null || tools.isEmpty() || tools.size() > MAX_TOOLS || tools.stream().anyMatch(java.util.Objects::isNull)) {
            errors.put("tools", "Give 1 to " + MAX_TOOLS + " tools.");
            return null;
        }
        Set<String> names = new HashSet<>();
        for (AiTool t : tools) {
            String problem = null;
            if (t.name() == null || !NAME.matcher(t.name()).matches()) {
                problem = "A tool's name is 1 to 64 letters, digits, _ or -.";
            } else if (ModelApi.ANSWER.equals(t.name())) {
                problem = "The tool name 'answer' is reserved for structured answers; choose another.";
            } else if (!names.add(t.name())) {
                problem = "Name each tool once; '" + t.name() + "' is given twice.";
            } else if (t.description() == null || t.description().isBlank() || t.description().length() > MAX_DESCRIPTION) {
                problem = "Describe tool '" + t.name() + "' in 1 to " + MAX_DESCRIPTION + " characters.";
            } else if (t.inputSchema() == null) {
                problem = "Give tool '" + t.name() + "' the JSON schema of its input.";
            } else {
                String refusal = AnswerSchemas.refusal(t.inputSchema());
                if (refusal != null) {
                    problem = "Tool '" + t.name() + "': " + refusal;
                }
            }
            if (problem != null) {
                errors.put("tools", problem);
                return null;
            }
        }
        return errors.isEmpty() ? new Tools(tools) : null;
    }

    List<ToolTurns.Spec> specs() {
        return byName.values().stream().map(t -> new ToolTurns.Spec(t.name(), t.description(), t.inputSchema())).toList();
    }

    /** Characters of the definitions, which are sent with every round. */
    long chars() {
        return specs().stream().mapToLong(s -> s.name().length() + s.description().length() + s.schema().toString().length())
                .sum();
    }

    /** One call run, as the caller's record and as what goes back to the model. */
    record Ran(AiToolCall call, ToolTurns.Outcome outcome) {}

    /** Runs the model's call: unknown tool or mismatching input is answered with an error, the handler not run. */
    Ran run(ToolTurns.Use use, int round) {
        AiTool tool = byName.get(use.name());
        if (tool == null) {
            return failed(use, round, "There is no tool named '" + clean(use.name()) + "'. The tools are: "
                    + String.join(", ", byName.keySet()) + ".");
        }
        if (use.input() == null) {
            return failed(use, round, "The input is not a JSON object; give one that matches the tool's input schema.");
        }
        List<AnswerSchemas.Problem> problems = AnswerSchemas.problems(tool.inputSchema(), use.input());
        if (!problems.isEmpty()) {
            // the validator's words may quote the input: that is the model's own input, said back to it only
            return failed(use, round, "The input does not match the tool's input schema: "
                    + problems.stream().map(AnswerSchemas.Problem::message).collect(Collectors.joining("; ")));
        }
        JsonNode output;
        try {
            output = tool.handler().run(use.input());
        } catch (AiToolException e) {
            return failed(use, round, e.getMessage() == null ? "The tool failed." : e.getMessage());
        }
        if (output == null || output.isMissingNode()) {
            output = tools.jackson.databind.node.NullNode.getInstance();
        }
        String content = output.isString() ? output.stringValue() : output.toString();
        return new Ran(new AiToolCall(round, use.name(), use.input(), output, null),
                new ToolTurns.Outcome(use.id(), content, false));
    }

    private static Ran failed(ToolTurns.Use use, int round, String error) {
        return new Ran(new AiToolCall(round, use.name(), use.input(), null, error), new ToolTurns.Outcome(use.id(), error, true));
    }

    private static String clean(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    /**
     * The local fallback's tool round: every tool whose required input properties the data (an object) holds, in the
     * order given, with the properties its schema names taken from the data; a tool whose input that way does not
     * match its schema, or that needs input the data lacks, is not called.
     */
    List<Ran> runLocally(JsonNode data) {
        List<Ran> out = new ArrayList<>();
        int n = 0;
        for (AiTool tool : byName.values()) {
            ObjectNode input = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            boolean complete = true;
            for (JsonNode required : tool.inputSchema().path("required")) {
                if (!data.isObject() || !data.has(required.asString(""))) {
                    complete = false;
                }
            }
            if (!complete) {
                continue;
            }
            for (Map.Entry<String, JsonNode> p : tool.inputSchema().path("properties").properties()) {
                if (data.isObject() && data.has(p.getKey())) {
                    input.set(p.getKey(), data.get(p.getKey()));
                }
            }
            if (!AnswerSchemas.problems(tool.inputSchema(), input).isEmpty()) {
                continue;
            }
            out.add(run(new ToolTurns.Use("local_" + (++n), tool.name(), input), 1));
        }
        return out;
    }
}

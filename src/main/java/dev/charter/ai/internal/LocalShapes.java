package dev.charter.ai.internal;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local fallback's structured answer in the caller's shape, deterministically: every property of the schema, in
 * the schema's order, takes the local answer's member of the same name when it has the right type (a {@code label},
 * a {@code category}, {@code emails}…); a string property named {@code text}, {@code answer}, {@code summary} or
 * {@code result} without one takes the answer's text; anything else its type's empty value (the first of an
 * {@code enum}, a {@code const}, the {@code minimum}, {@code ""}, {@code false}, {@code []}).
 */
final class LocalShapes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TEXT_NAMES = Set.of("text", "answer", "summary", "result");
    private static final int MAX_DEPTH = 16;

    private LocalShapes() {}

    static JsonNode fill(JsonNode schema, JsonNode local, String text) {
        return fill(schema, local, text, null, 0);
    }

    private static JsonNode fill(JsonNode schema, JsonNode source, String text, String name, int depth) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            for (JsonNode option : schema.path("enum")) {
                if (option.equals(source)) {
                    return option;
                }
            }
            return schema.path("enum").get(0);
        }
        String type = type(schema);
        switch (type) {
            case "object" -> {
                ObjectNode out = NODES.objectNode();
                if (depth < MAX_DEPTH) {
                    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                        JsonNode child = source != null && source.isObject() ? source.get(p.getKey()) : null;
                        out.set(p.getKey(), fill(p.getValue(), child, text, p.getKey(), depth + 1));
                    }
                }
                return out;
            }
            case "array" -> {
                ArrayNode out = NODES.arrayNode();
                JsonNode items = schema.path("items").isObject() ? schema.path("items") : NODES.objectNode().put("type", "string");
                int max = schema.path("maxItems").asInt(Integer.MAX_VALUE);
                if (source != null && source.isArray() && depth < MAX_DEPTH) {
                    for (JsonNode element : source) {
                        if (out.size() >= max) {
                            break;
                        }
                        out.add(fill(items, element, text, null, depth + 1));
                    }
                }
                for (int i = out.size(); i < schema.path("minItems").asInt(0) && depth < MAX_DEPTH; i++) {
                    out.add(fill(items, null, text, null, depth + 1));
                }
                return out;
            }
            case "string" -> {
                if (source != null && source.isString()) {
                    return source;
                }
                if (source != null && (source.isNumber() || source.isBoolean())) {
                    return NODES.stringNode(source.toString());
                }
                return NODES.stringNode(name != null && TEXT_NAMES.contains(name) ? text : "");
            }
            case "integer" -> {
                return source != null && source.isIntegralNumber() ? source : NODES.numberNode(schema.path("minimum").asLong(0));
            }
            case "number" -> {
                return source != null && source.isNumber() ? source : NODES.numberNode(schema.path("minimum").asDouble(0));
            }
            case "boolean" -> {
                return source != null && source.isBoolean() ? source : NODES.booleanNode(false);
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }

    /** The schema's type; of a list of types the first that is not null. */
    private static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!"null".equals(each.asString(""))) {
                    return each.asString("");
                }
            }
            return "null";
        }
        return t.asString(schema.has("properties") ? "object" : "null");
    }
}

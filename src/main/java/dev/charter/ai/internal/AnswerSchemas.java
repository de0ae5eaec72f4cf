package dev.charter.ai.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON schemas structured answers must match (JSON Schema 2020-12, validated with networknt's validator, ADR
 * 0056). A schema is the caller's, part of its instruction; it may only reference itself ({@code $ref: "#/…"}): no
 * {@code $id}, {@code $schema}, {@code $dynamicRef} or outside reference, so validating never loads anything.
 */
final class AnswerSchemas {

    static final int MAX_SCHEMA_CHARS = 20_000;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private AnswerSchemas() {}

    /** Why the schema cannot be used, or null. */
    static String refusal(JsonNode schema) {
        if (!schema.isObject() || !"object".equals(schema.path("type").asString(""))) {
            return "Give a JSON schema of an object: {\"type\":\"object\",\"properties\":{…}}.";
        }
        if (schema.toString().length() > MAX_SCHEMA_CHARS) {
            return "The schema is longer than " + MAX_SCHEMA_CHARS + " characters.";
        }
        String outside = outsideReference(schema);
        if (outside != null) {
            return "The schema may only refer to itself (\"$ref\": \"#/…\"); remove " + outside + ".";
        }
        try {
            REGISTRY.getSchema(schema);
        } catch (RuntimeException e) {
            return "The schema is not a valid JSON schema.";
        }
        return null;
    }

    /**
     * One mismatch.
     *
     * @param location where in the answer, as a JSON pointer ({@code /category})
     * @param keyword  the schema keyword it breaks ({@code enum}, {@code required})
     * @param message  the validator's words, which may quote the answer: for the model, never for a log or a reason
     */
    record Problem(String location, String keyword, String message) {
        /** Location and keyword only: safe for a failure reason. */
        String brief() {
            return location + " (" + keyword + ")";
        }
    }

    /** What is wrong with {@code value} against {@code schema}, at most five problems; empty when it matches. */
    static List<Problem> problems(JsonNode schema, JsonNode value) {
        if (value == null) {
            return List.of(new Problem("$", "type", "The answer is not a JSON object."));
        }
        Schema s = REGISTRY.getSchema(schema);
        List<Problem> out = new ArrayList<>();
        for (Error e : s.validate(value)) {
            if (out.size() == 5) {
                break;
            }
            out.add(new Problem(String.valueOf(e.getInstanceLocation()), String.valueOf(e.getKeyword()), e.getMessage()));
        }
        return out;
    }

    private static String outsideReference(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if (key.equals("$id") || key.equals("$schema") || key.equals("$dynamicRef") || key.equals("$recursiveRef")
                        || key.equals("$anchor") || key.equals("$dynamicAnchor")) {
                    return key;
                }
                if (key.equals("$ref") && !field.getValue().asString("").startsWith("#")) {
                    return "the outside $ref";
                }
                String inner = outsideReference(field.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); ) {
                String inner = outsideReference(it.next());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}

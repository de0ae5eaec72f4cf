package dev.charter.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical form of a JSON value that receipts are signed over: object members sorted by name,
 * no whitespace, integers only (RFC 8785 for the values a receipt holds). A float is refused, so a
 * receipt cannot be re-encoded into a different but "equal" byte string.
 */
final class CanonicalJson {

    private final JsonMapper json;

    CanonicalJson(JsonMapper json) {
        this.json = json;
    }

    String of(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    private void write(JsonNode n, StringBuilder b) {
        if (n == null || n.isNull()) {
            b.append("null");
        } else if (n.isObject()) {
            List<String> names = new ArrayList<>(n.propertyNames());
            names.sort(String::compareTo);
            b.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(json.writeValueAsString(names.get(i))).append(':');
                write(n.get(names.get(i)), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            int i = 0;
            for (JsonNode v : n.values()) {
                if (i++ > 0) {
                    b.append(',');
                }
                write(v, b);
            }
            b.append(']');
        } else if (n.isString()) {
            b.append(json.writeValueAsString(n.stringValue()));
        } else if (n.isBoolean()) {
            b.append(n.booleanValue());
        } else if (n.isIntegralNumber()) {
            b.append(n.bigIntegerValue());
        } else {
            throw new IllegalArgumentException("Only strings, integers, booleans, null, arrays and objects can be signed");
        }
    }
}

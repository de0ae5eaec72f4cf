package dev.charter.ai.internal.local;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.charter.ai.AiTask;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Template filling: the template is the instruction's text after "template:" (or the whole instruction), and each
 * {@code {{path}}} placeholder is replaced with the value at that path in the data ({@code {{customer.name}}},
 * {@code {{items.0.sku}}}, {@code {{.}}} for the whole data). Strings go in as they are, other values as JSON; a
 * path with no value becomes empty and is listed under {@code missing}.
 */
final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]{1,200})\\s*\\}\\}");
    private static final Pattern START = Pattern.compile("(?i)\\btemplate\\s*:\\s*");

    private Templates() {}

    static String template(String instruction) {
        Matcher m = START.matcher(instruction);
        return m.find() ? instruction.substring(m.end()) : instruction;
    }

    static LocalAnswer fill(String instruction, JsonNode data) {
        String template = template(instruction);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        Set<String> filled = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String path = m.group(1);
            JsonNode value = resolve(data, path);
            if (value == null || value.isNull() || value.isMissingNode()) {
                missing.add(path);
            } else {
                out.append(value.isString() ? value.stringValue() : value.toString());
                filled.add(path);
            }
            last = m.end();
        }
        out.append(template.substring(last));
        String text = out.toString();
        ObjectNode json = LocalAnswer.base("template");
        json.put("text", text);
        filled.forEach(json.putArray("filled")::add);
        missing.forEach(json.putArray("missing")::add);
        return new LocalAnswer(AiTask.TEMPLATE, text, json);
    }

    static JsonNode resolve(JsonNode data, String path) {
        if (".".equals(path)) {
            return data;
        }
        JsonNode node = data;
        for (String part : path.split("\\.", -1)) {
            if (node == null || part.isEmpty()) {
                return null;
            }
            if (node.isArray() && part.chars().allMatch(Character::isDigit) && part.length() < 9) {
                node = node.get(Integer.parseInt(part));
            } else if (node.isObject()) {
                node = node.get(part);
            } else {
                return null;
            }
        }
        return node;
    }
}

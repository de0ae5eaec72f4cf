package dev.charter.pilots.internal.steps;

import dev.charter.pilots.internal.Expressions;
import dev.charter.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text with {@code {{ expression }}} placeholders, each a JSONata expression evaluated over the run's data
 * with {@link Expressions} (the only expression language on user input). A string result is inserted as is,
 * anything else as JSON, nothing for null.
 */
@Component
class Templates {

    static final int MAX_LENGTH = 8000;
    /** Characters in a rendered template, all placeholders together. */
    static final int MAX_RENDERED = 1_000_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    private final Expressions expressions;
    private final JsonMapper json;

    Templates(Expressions expressions, JsonMapper json) {
        this.expressions = expressions;
        this.json = json;
    }

    /** A parsed template: literal parts and expressions, alternating (literal first). */
    record Template(List<String> literals, List<Expressions.Expression> expressions) {}

    Template compile(String field, String text, boolean required) {
        if (text == null || text.isEmpty()) {
            if (required) {
                throw new InvalidInputException(field, "Enter a value.");
            }
            return new Template(List.of(""), List.of());
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(field, "At most " + MAX_LENGTH + " characters.");
        }
        List<String> literals = new ArrayList<>();
        List<Expressions.Expression> parsed = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            literals.add(text.substring(at, m.start()));
            parsed.add(expressions.compile(field, m.group(1).strip()));
            at = m.end();
        }
        String rest = text.substring(at);
        if (rest.contains("{{")) {
            throw new InvalidInputException(field, "A placeholder opened with {{ is not closed with }}.");
        }
        literals.add(rest);
        return new Template(literals, parsed);
    }

    String render(String field, String text, Object data) {
        Template t = compile(field, text, false);
        StringBuilder out = new StringBuilder(t.literals().get(0));
        for (int i = 0; i < t.expressions().size(); i++) {
            Object v = expressions.evaluate(t.expressions().get(i), data);
            if (v instanceof String s) {
                out.append(s);
            } else if (v != null) {
                out.append(json.writeValueAsString(v));
            }
            out.append(t.literals().get(i + 1));
            if (out.length() > MAX_RENDERED) {
                throw new Expressions.ExpressionFailed("The text built from " + field + " would be longer than "
                        + MAX_RENDERED + " characters.");
            }
        }
        return out.toString();
    }
}

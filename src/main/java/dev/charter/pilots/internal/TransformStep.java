package dev.charter.pilots.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Builds a JSON value from earlier outputs with one JSONata expression. */
@Component
class TransformStep implements StepType {

    private final Expressions expressions;

    TransformStep(Expressions expressions) {
        this.expressions = expressions;
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public String kind() {
        return "transform";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Transform", "Build a JSON object from the trigger and earlier steps.",
                List.of(Field.of("expression", "JSONata expression", "expression", true,
                        "For example {\"name\": trigger.customer.name, \"total\": $sum(trigger.items.price)}")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            expressions.compile("expression", text(config, "expression"));
        } catch (dev.charter.shared.InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        var expression = expressions.compile("expression", text(context.config(), "expression"));
        return StepOutcome.of(expressions.evaluate(expression, context.data()));
    }

    static String text(JsonNode config, String field) {
        JsonNode v = config == null ? null : config.get(field);
        return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    }
}

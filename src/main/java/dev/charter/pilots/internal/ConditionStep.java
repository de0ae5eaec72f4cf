package dev.charter.pilots.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Goes on only when a JSONata expression is true; otherwise the run stops here, successfully. */
@Component
class ConditionStep implements StepType {

    private final Expressions expressions;

    ConditionStep(Expressions expressions) {
        this.expressions = expressions;
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public String kind() {
        return "condition";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Condition", "Continue only when the expression is true; otherwise stop the run.",
                List.of(Field.of("expression", "JSONata condition", "expression", true,
                        "For example steps.shape.total > 100 and trigger.country = \"NL\"")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            expressions.compile("expression", TransformStep.text(config, "expression"));
        } catch (dev.charter.shared.InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        var expression = expressions.compile("expression", TransformStep.text(context.config(), "expression"));
        Object value = expressions.evaluate(expression, context.data());
        boolean pass = Boolean.TRUE.equals(value);
        Map<String, Object> output = Map.of("passed", pass);
        return pass ? StepOutcome.of(output) : StepOutcome.stop(output);
    }
}

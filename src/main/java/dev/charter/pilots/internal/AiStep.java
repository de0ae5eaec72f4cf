package dev.charter.pilots.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiTask;
import dev.charter.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the AI gateway (PIL-6: the organization's key, else the server's, else the local fallback).
 * Only the step's instruction and the data its {@code input} expression selects leave this step
 * (PIL-7): not the trigger, not other steps' outputs, unless the expression picks them.
 */
@Component
class AiStep implements StepType {

    private final AiGateway ai;
    private final Expressions expressions;
    private final JsonMapper json;

    AiStep(AiGateway ai, Expressions expressions, JsonMapper json) {
        this.ai = ai;
        this.expressions = expressions;
        this.json = json;
    }

    @Override
    public String kind() {
        return "ai";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "AI", "Ask a model to summarize, classify, extract or write; "
                + "without a model key it runs locally and nothing leaves the server.", List.of(
                Field.of("instruction", "Instruction", "textarea", true, "For example: classify as billing, bug or sales"),
                Field.of("input", "Data for the model (JSONata)", "expression", true,
                        "Only what this selects is sent, for example trigger.message"),
                new Field("task", "Task", "select", false, "Leave empty to infer it from the instruction",
                        List.of("", "summarize", "sentiment", "classify", "extract", "template"))));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        String instruction = TransformStep.text(config, "instruction");
        if (instruction == null || instruction.isBlank()) {
            errors.put("instruction", "Say what the model should do.");
        } else if (instruction.length() > 4000) {
            errors.put("instruction", "Use at most 4000 characters.");
        }
        try {
            expressions.compile("input", TransformStep.text(config, "input"));
        } catch (InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        String task = TransformStep.text(config, "task");
        if (task != null && !task.isBlank() && AiTask.fromHint(task).isEmpty()) {
            errors.put("task", "Choose summarize, sentiment, classify, extract or template, or leave it empty.");
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        var input = expressions.compile("input", TransformStep.text(context.config(), "input"));
        JsonNode data = json.valueToTree(expressions.evaluate(input, context.data()));
        AiRequest request = AiRequest.of(context.org(), "pilots.ai-step", TransformStep.text(context.config(), "instruction"), data);
        String task = TransformStep.text(context.config(), "task");
        if (task != null && !task.isBlank()) {
            request = request.withTask(AiTask.fromHint(task).orElseThrow());
        }
        try {
            var result = ai.complete(request);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("text", result.text());
            if (result.json() != null) {
                // plain values, as every step's output is: later steps' expressions read it in the same run
                output.put("json", json.treeToValue(result.json(), Object.class));
            }
            output.put("provider", result.provider().name());
            output.put("producedLocally", result.producedLocally());
            return StepOutcome.of(output);
        } catch (AiFailedException e) {
            if (e.retryable()) {
                throw new RetryableStepFailure("the model did not answer: " + e.getMessage());
            }
            throw e;
        }
    }
}

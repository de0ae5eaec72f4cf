package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiRequest;
import dev.charter.shared.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The operator's limits on one request: size, output tokens, timeout, and the organization's daily budget. */
@Component
class RequestLimits {

    /** A request within the limits, with the defaults filled in. */
    record Checked(int maxOutputTokens, Duration timeout, long inputChars) {}

    private final AiSettings settings;

    RequestLimits(AiSettings settings) {
        this.settings = settings;
    }

    /** Refuses the request whole, one message per field, never quoting the instruction or the data. */
    Checked check(AiRequest r) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (r.instruction().isBlank()) {
            errors.put("instruction", "Write what should be done with the data.");
        }
        long chars = r.instruction().length() + (r.data().isNull() ? 0 : r.data().toString().length());
        if (chars > settings.maxInputChars()) {
            errors.put("data", "The instruction and the data are " + chars + " characters together; the limit is "
                    + settings.maxInputChars() + ". Pass only what this step needs.");
        }
        int max = r.maxOutputTokens() == null ? settings.defaultMaxOutputTokens() : r.maxOutputTokens();
        if (max < 1 || max > settings.maxOutputTokens()) {
            errors.put("maxOutputTokens", "Ask for 1 to " + settings.maxOutputTokens() + " output tokens.");
        }
        Duration timeout = r.timeout() == null ? settings.defaultTimeout() : r.timeout();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(settings.maxTimeout()) > 0) {
            errors.put("timeout", "Give a timeout above 0 and at most " + settings.maxTimeout().toSeconds() + " seconds.");
        }
        if (r.schema() != null) {
            String refusal = AnswerSchemas.refusal(r.schema());
            if (refusal != null) {
                errors.put("schema", refusal);
            } else {
                chars += r.schema().toString().length();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Checked(max, timeout, chars);
    }

    /** About four characters a token: what the local fallback counts and the budget check expects. */
    static long estimateTokens(long chars) {
        return (chars + 3) / 4;
    }

    /**
     * The output tokens a model request may ask for within the organization's budget for today: the request's own
     * limit, lowered to what remains after its estimated input.
     *
     * @throws AiFailedException when the budget is spent or too little remains for this request
     */
    int withinBudget(Checked c, long spentToday) {
        long budget = settings.dailyTokenBudget();
        if (budget == 0) {
            return c.maxOutputTokens();
        }
        long remaining = budget - spentToday;
        long input = estimateTokens(c.inputChars() + AnthropicMessages.SYSTEM.length());
        if (remaining - input < 1) {
            throw new AiFailedException(AiFailedException.Kind.BUDGET_EXHAUSTED, "The organization's model budget of "
                    + budget + " tokens a day is spent" + (remaining > 0 ? " (this request needs about " + input
                    + " tokens, " + remaining + " remain)" : "") + ". It renews at midnight UTC; an operator can raise "
                    + "CHARTER_AI_DAILY_TOKEN_BUDGET.");
        }
        return (int) Math.min(c.maxOutputTokens(), remaining - input);
    }
}

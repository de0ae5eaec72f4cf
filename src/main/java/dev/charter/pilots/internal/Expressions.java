package dev.charter.pilots.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.charter.shared.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * JSONata, the only expression language on user input: no SpEL, OGNL or script engine. An
 * expression is limited in length, in evaluation time and in recursion depth, and sees only the
 * data it is given: JSONata has no functions that reach files, the network or the host.
 */
@Component
public class Expressions {

    static final int MAX_LENGTH = 4000;
    static final int TIMEOUT_MILLIS = 1000;
    static final int MAX_DEPTH = 200;
    /** Biggest result an expression may produce, as JSON text. */
    static final int MAX_RESULT_CHARS = 1_000_000;

    /** Parses an expression, or explains what is wrong with it. */
    public Jsonata compile(String field, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidInputException(field, "Enter an expression.");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidInputException(field, "An expression may be at most " + MAX_LENGTH + " characters long.");
        }
        try {
            return Jsonata.jsonata(expression);
        } catch (JException | IllegalArgumentException e) {
            throw new InvalidInputException(field, "Not a valid JSONata expression: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "Not a valid JSONata expression.");
        }
    }

    /**
     * Evaluates over plain Java data (maps, lists, strings, numbers, booleans).
     *
     * @throws ExpressionFailed when it fails, runs too long or recurses too deep
     */
    public Object evaluate(Jsonata expression, Object data) {
        var frame = expression.createFrame();
        frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
        try {
            return expression.evaluate(data, frame);
        } catch (JException e) {
            throw new ExpressionFailed(e.getMessage());
        } catch (StackOverflowError e) {
            throw new ExpressionFailed("the expression recursed too deep");
        } catch (RuntimeException e) {
            throw new ExpressionFailed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Evaluation failed; the message says why, for the run record. */
    public static class ExpressionFailed extends RuntimeException {
        public ExpressionFailed(String message) {
            super(message);
        }
    }
}

package dev.charter.pilots.internal;

import com.dashjoin.jsonata.BoundedJsonata;
import com.dashjoin.jsonata.JException;
import dev.charter.shared.InvalidInputException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * JSONata, the only expression language on user input: no SpEL, OGNL or script engine. An expression
 * sees only the data it is given (JSONata has no functions that reach files, the network or the host, and
 * {@code $eval} is refused), and each evaluation is bounded: in time, in depth, and in the size of every
 * string, array and result it builds, checked before the memory is taken (see ADR 0110 and the limits in
 * docs/pilots-steps.md). An evaluation that breaks a limit stops with a message naming the limit.
 *
 * <p>The library's parsed instances hold evaluation state and are not safe to share between threads, so each
 * evaluation takes a parsed instance of its own: one an earlier evaluation of the same text gave back (a Pilot runs
 * the same expressions on every run), or a new parse. Each evaluation binds its data and variables in a frame of
 * its own, and an instance is given back only after an evaluation that completed; see {@link Parsed}.
 */
@Component
public class Expressions {

    private static final Logger log = LoggerFactory.getLogger(Expressions.class);

    /** Characters in an expression. */
    static final int MAX_LENGTH = 4000;
    /** Time one evaluation may take. */
    static final int TIMEOUT_MILLIS = 1000;
    /** Parts of an expression evaluated inside one another, recursion through functions included. */
    static final int MAX_DEPTH = 200;
    /** Characters in any string an evaluation builds. */
    static final int MAX_CHARS = 1_000_000;
    /** Items in any array (or keys in any object) an evaluation builds, ranges such as [1..n] included. */
    static final int MAX_ITEMS = 100_000;
    /** Size, as JSON, of a value a function or operator walks as a whole (compares, flattens, copies). */
    static final int MAX_VALUE_CHARS = 2_000_000;
    /** Levels of arrays and objects inside one another in a value that is walked or returned. */
    static final int MAX_NESTING = 500;
    /** Biggest result an expression may produce, as JSON text. */
    static final int MAX_RESULT_CHARS = 1_000_000;
    /** Characters in a picture string ($formatNumber, $fromMillis, ...). */
    static final int MAX_PICTURE = 1000;

    static final String NO_EVAL = "$eval is not available: an expression cannot evaluate text as an expression.";

    private final long timeoutMillis;
    private final Parsed parsed = new Parsed(Parsed.MAX_TEXTS, Parsed.MAX_PER_TEXT);

    public Expressions() {
        this(TIMEOUT_MILLIS);
    }

    /** With another time limit, for tests that prove a size limit apart from the time limit. */
    Expressions(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** A parsed and checked expression. It is parsed again for every evaluation. */
    public record Expression(String text) {}

    /** Parses an expression, or explains what is wrong with it. */
    public Expression compile(String field, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidInputException(field, "Enter an expression.");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidInputException(field, "An expression may be at most " + MAX_LENGTH + " characters long.");
        }
        if (this.parsed.checked(expression)) {
            return new Expression(expression); // this very text passed the checks below before
        }
        BoundedJsonata parsed;
        try {
            parsed = BoundedJsonata.parse(expression);
        } catch (JException | IllegalArgumentException e) {
            throw new InvalidInputException(field, "Not a valid JSONata expression: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidInputException(field, "Not a valid JSONata expression.");
        }
        if (parsed.getErrors() != null && !parsed.getErrors().isEmpty()) {
            throw new InvalidInputException(field, "Not a valid JSONata expression: " + parsed.getErrors().get(0).getMessage());
        }
        if (parsed.variables().contains("eval")) {
            throw new InvalidInputException(field, NO_EVAL);
        }
        for (Pattern regex : parsed.regexes()) {
            String refusal = Regexes.refusal(regex);
            if (refusal != null) {
                throw new InvalidInputException(field, refusal);
            }
        }
        this.parsed.give(expression, parsed);
        return new Expression(expression);
    }

    /**
     * Evaluates over plain Java data (maps, lists, strings, numbers, booleans) and gives plain data back.
     *
     * @throws ExpressionFailed when it fails or breaks a limit; the message says which
     */
    public Object evaluate(Expression expression, Object data) {
        var guard = new ExpressionGuard(timeoutMillis);
        try {
            BoundedJsonata instance = this.parsed.take(expression.text());
            if (instance == null) {
                instance = BoundedJsonata.parse(expression.text());
            }
            Object result = instance.evaluate(data, BoundedFunctions.frame(instance, guard), guard);
            guard.checkResult(result);
            Object plain = ExpressionGuard.plain(result);
            this.parsed.giveBack(expression.text(), instance);
            return plain;
        } catch (StackOverflowError e) {
            throw new ExpressionFailed("The expression was stopped: it recursed too deep.");
        } catch (RuntimeException e) {
            if (guard.failure() != null) {
                throw new ExpressionFailed(guard.failure().getMessage());
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ExpressionGuard.LimitExceeded limit) {
                    throw new ExpressionFailed(limit.getMessage());
                }
                if (t instanceof JException j) {
                    throw new ExpressionFailed("The expression failed: " + j.getMessage());
                }
            }
            log.debug("An expression failed inside the evaluator", e);
            throw new ExpressionFailed("The expression failed: a value does not have the type this operation needs.");
        }
    }

    /**
     * Parsed instances by expression text, for one evaluation at a time each: at most {@link #MAX_PER_TEXT} idle
     * instances of a text, for the {@link #MAX_TEXTS} texts used last. Only {@link #compile} adds a text, after its
     * checks passed, so a text here is one that passed them.
     */
    static final class Parsed {
        static final int MAX_TEXTS = 512;
        static final int MAX_PER_TEXT = 4;

        private final int maxPerText;
        private final java.util.LinkedHashMap<String, java.util.ArrayDeque<BoundedJsonata>> idle;

        Parsed(int maxTexts, int maxPerText) {
            this.maxPerText = maxPerText;
            this.idle = new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, java.util.ArrayDeque<BoundedJsonata>> eldest) {
                    return size() > maxTexts;
                }
            };
        }

        synchronized boolean checked(String text) {
            return idle.containsKey(text);
        }

        /** An idle instance of {@code text}, now the caller's alone, or null. */
        synchronized BoundedJsonata take(String text) {
            java.util.ArrayDeque<BoundedJsonata> q = idle.get(text);
            return q == null ? null : q.pollFirst();
        }

        /** Keeps a freshly parsed and checked instance of {@code text}. */
        synchronized void give(String text, BoundedJsonata instance) {
            keep(idle.computeIfAbsent(text, t -> new java.util.ArrayDeque<>()), instance);
        }

        /** Keeps {@code instance}, whose evaluation completed, while its text is still one of those kept. */
        synchronized void giveBack(String text, BoundedJsonata instance) {
            java.util.ArrayDeque<BoundedJsonata> q = idle.get(text);
            if (q != null) {
                keep(q, instance);
            }
        }

        private void keep(java.util.ArrayDeque<BoundedJsonata> q, BoundedJsonata instance) {
            instance.forgetInput();
            if (q.size() < maxPerText) {
                q.addFirst(instance);
            }
        }
    }

    /** Evaluation failed; the message says why, for the run record. */
    public static class ExpressionFailed extends RuntimeException {
        public ExpressionFailed(String message) {
            super(message);
        }
    }
}

package com.dashjoin.jsonata;

import com.dashjoin.jsonata.Parser.Symbol;
import com.dashjoin.jsonata.Utils.JList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSONata evaluator with a size check at every place where it builds a string or an array out of
 * other values, so that a limit is checked before the memory is taken, not after.
 *
 * <p>It lives in the library's package because the evaluator's steps are package-private there; it
 * overrides only those steps and calls the library for the rest. Each instance is parsed for one
 * evaluation on one thread: the library keeps per-evaluation state in its instances and in a static
 * thread-local, so instances are never shared. The checks themselves are a {@link Guard} the caller
 * supplies for the evaluation.
 */
public final class BoundedJsonata extends Jsonata {

    /** What the evaluator asks before it builds something, and how it applies a regular expression. */
    public interface Guard {
        /** Called before each part of the expression is evaluated: fails when too deep or out of time. */
        void enter();

        /** Called after each part of the expression, also when it failed. */
        void leave();

        /** Fails unless the value a part of the expression produced is within the limits. */
        void produced(Object value);

        /** Called between pieces of work: fails when the time is up. */
        void tick();

        /** Fails unless an array of this many items may be built. */
        void checkItems(long items);

        /** Fails unless a string of this many characters may be built. */
        void checkChars(long chars);

        /** Fails unless the value may be walked as a whole (compared, flattened, copied). */
        void checkValue(Object value);

        /** Characters the value has as text ({@code $string} of it, or the string itself); bounded work. */
        long textLength(Object value);

        /** Applies a regular expression literal to a string, as {@code /re/(text)} does. */
        Object applyRegex(Pattern regex, Object text);
    }

    private static final ThreadLocal<Guard> GUARD = new ThreadLocal<>();

    private BoundedJsonata(String expression) {
        super(expression);
        setOutputConvertNulls(false);
        current.remove();
    }

    /** Parses an expression; throws {@link JException} when it is not valid JSONata. */
    public static BoundedJsonata parse(String expression) {
        return new BoundedJsonata(expression);
    }

    /** The library's built-in functions by name, so that a caller can wrap or replace them. */
    public static Map<String, JFunction> builtIns() {
        Map<String, JFunction> all = new LinkedHashMap<>();
        staticFrame.bindings.forEach((name, value) -> {
            if (value instanceof JFunction f) {
                all.put(name, f);
            }
        });
        return Collections.unmodifiableMap(all);
    }

    /** A function with the same name, signature and arity as {@code original} that runs {@code body}. */
    public static JFunction sameSignature(JFunction original, JFunctionCallable body) {
        JFunction f = new JFunction(body, null);
        f.signature = original.signature;
        f.functionName = original.functionName;
        f.method = original.method;
        return f;
    }

    /** Names of the variables and functions the expression refers to, such as {@code eval} for {@code $eval}. */
    public Set<String> variables() {
        Set<String> names = new java.util.TreeSet<>();
        ExpressionTree.walk(ast, symbol -> {
            if ("variable".equals(symbol.type) && symbol.value instanceof String name) {
                names.add(name);
            }
        });
        return names;
    }

    /** The regular expression literals in the expression. */
    public List<Pattern> regexes() {
        List<Pattern> found = new ArrayList<>();
        ExpressionTree.walk(ast, symbol -> {
            if (symbol.value instanceof Pattern p) {
                found.add(p);
            }
        });
        return found;
    }

    /** Evaluates over the input with the bindings in {@code frame}, asking {@code guard} before building. */
    public Object evaluate(Object input, Frame frame, Guard guard) {
        Guard before = GUARD.get();
        GUARD.set(guard);
        current.set(this);
        try {
            return evaluate(input, frame);
        } finally {
            current.remove();
            if (before == null) {
                GUARD.remove();
            } else {
                GUARD.set(before);
            }
        }
    }

    /** Drops the reference to the data of the last evaluation, before the instance waits for its next one. */
    public void forgetInput() {
        input = null;
    }

    private static Guard guard() {
        Guard g = GUARD.get();
        if (g == null) {
            throw new IllegalStateException("a bounded expression runs only through evaluate(input, frame, guard)");
        }
        return g;
    }

    @Override
    Jsonata getPerThreadInstance() {
        return this;
    }

    /** The tuple step (a step with {@code #} or {@code @}) being evaluated, and the bindings it made. */
    private Symbol tupleStep;
    private long tupleItems;

    @Override
    Object _evaluate(Symbol expr, Object input, Frame environment) {
        Guard g = guard();
        g.enter();
        Object result;
        try {
            result = super._evaluate(expr, input, environment);
        } finally {
            g.leave();
        }
        if (expr == tupleStep && result instanceof List<?> l) {
            tupleItems += l.size();
            g.checkItems(tupleItems);
        }
        if (groupKeyExpressions != null && result instanceof String key && groupKeyExpressions.contains(expr)) {
            groupKeys.add(key);
            g.checkItems(groupKeys.size());
        }
        g.produced(result);
        return result;
    }

    @Override
    Object evaluateStringConcat(Object lhs, Object rhs) {
        Guard g = guard();
        g.checkChars(g.textLength(lhs) + g.textLength(rhs));
        return super.evaluateStringConcat(lhs, rhs);
    }

    @Override
    Object evaluateRangeExpression(Object lhs, Object rhs) {
        if ((lhs instanceof Long || lhs instanceof Integer) && (rhs instanceof Long || rhs instanceof Integer)) {
            long size = ((Number) rhs).longValue() - ((Number) lhs).longValue() + 1;
            if (size > 0) {
                guard().checkItems(size);
            }
        }
        return super.evaluateRangeExpression(lhs, rhs);
    }

    @Override
    Object evaluateUnary(Symbol expr, Object input, Frame environment) {
        if (!"[".equals(String.valueOf(expr.value))) {
            return super.evaluateUnary(expr, input, environment);
        }
        Guard g = guard();
        Object result = new JList<>();
        int idx = 0;
        for (var item : expr.expressions) {
            environment.isParallelCall = idx > 0;
            Object value = evaluate(item, input, environment);
            if (value != null) {
                boolean nested = "[".equals(String.valueOf(item.value));
                long adding = !nested && value instanceof List<?> l ? l.size() : 1;
                g.checkItems(((List<?>) result).size() + adding);
                if (nested) {
                    ((List) result).add(value);
                } else {
                    result = Functions.append(result, value);
                }
            }
            idx++;
        }
        if (expr.consarray) {
            if (!(result instanceof JList)) {
                result = new JList((List) result);
            }
            ((JList) result).cons = true;
        }
        return result;
    }

    @Override
    Object evaluateStep(Symbol expr, Object input, Frame environment, boolean lastStep) {
        if ("sort".equals(expr.type)) {
            return super.evaluateStep(expr, input, environment, lastStep);
        }
        Guard g = guard();
        List<Object> results = Utils.createSequence();
        long total = 0;
        List<?> items = (List<?>) input;
        for (int i = 0; i < items.size(); i++) {
            Object res = evaluate(expr, items.get(i), environment);
            if (expr.stages != null) {
                for (var stage : expr.stages) {
                    res = evaluateFilter(stage.expr, res, environment);
                }
            }
            if (res != null) {
                total += flattens(res) ? ((List<?>) res).size() : 1;
                g.checkItems(total);
                results.add(res);
            }
        }
        if (lastStep && results.size() == 1 && results.get(0) instanceof List<?> only && !Utils.isSequence(only)) {
            return only;
        }
        List<Object> sequence = Utils.createSequence();
        for (Object res : results) {
            if (flattens(res)) {
                sequence.addAll((List<?>) res);
            } else {
                sequence.add(res);
            }
        }
        return sequence;
    }

    private static boolean flattens(Object res) {
        return res instanceof List && !(res instanceof JList<?> j && j.cons);
    }

    /** The key expressions of the object being built, and the keys they gave: checked as the object grows. */
    private Set<Symbol> groupKeyExpressions;
    private Set<String> groupKeys;

    @Override
    Object evaluateGroupExpression(Symbol expr, Object input, Frame environment) {
        Set<Symbol> outerExpressions = groupKeyExpressions;
        Set<String> outerKeys = groupKeys;
        groupKeyExpressions = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Symbol[] pair : expr.lhsObject) {
            groupKeyExpressions.add(pair[0]);
        }
        groupKeys = new java.util.HashSet<>();
        try {
            return super.evaluateGroupExpression(expr, input, environment);
        } finally {
            groupKeyExpressions = outerExpressions;
            groupKeys = outerKeys;
        }
    }

    @Override
    Object evaluateTupleStep(Symbol expr, List input, List<Map> tupleBindings, Frame environment) {
        Symbol outerStep = tupleStep;
        long outerItems = tupleItems;
        tupleStep = expr;
        tupleItems = 0;
        try {
            return super.evaluateTupleStep(expr, input, tupleBindings, environment);
        } finally {
            tupleStep = outerStep;
            tupleItems = outerItems;
        }
    }

    @Override
    Frame createFrameFromTuple(Frame environment, Map<String, Object> tuple) {
        guard().tick();
        return super.createFrameFromTuple(environment, tuple);
    }

    @Override
    Object evaluateWildcard(Symbol expr, Object input) {
        guard().checkValue(input);
        return super.evaluateWildcard(expr, input);
    }

    @Override
    Object evaluateDescendants(Symbol expr, Object input) {
        guard().checkValue(input);
        return super.evaluateDescendants(expr, input);
    }

    @Override
    Object evaluateEqualityExpression(Object lhs, Object rhs, String op) {
        if (lhs instanceof List || lhs instanceof Map || rhs instanceof List || rhs instanceof Map) {
            Guard g = guard();
            g.checkValue(lhs);
            g.checkValue(rhs);
        }
        return super.evaluateEqualityExpression(lhs, rhs, op);
    }

    @Override
    Object evaluateIncludesExpression(Object lhs, Object rhs) {
        if (lhs == null || rhs == null) {
            return false;
        }
        Guard g = guard();
        g.checkValue(lhs);
        g.checkValue(rhs);
        List<?> candidates = rhs instanceof List<?> l ? l : List.of(rhs);
        for (Object candidate : candidates) {
            g.tick();
            if (Boolean.TRUE.equals(evaluateEqualityExpression(lhs, candidate, "="))) {
                return true;
            }
        }
        return false;
    }

    /** The transform operator {@code |path|update|} copies its input through text: measured first. */
    @Override
    Object evaluateTransformExpression(Symbol expr, Object input, Frame environment) {
        Object transform = super.evaluateTransformExpression(expr, input, environment);
        if (!(transform instanceof JFunction f)) {
            return transform;
        }
        return sameSignature(f, (in, args) -> {
            Guard g = guard();
            for (Object arg : (List<?>) args) {
                g.checkChars(g.textLength(arg));
            }
            return f.call(in, args);
        });
    }

    @Override
    Object applyInner(Object proc, Object args, Object input, Object environment) {
        if (proc instanceof Pattern regex) {
            List<?> list = (List<?>) args;
            return guard().applyRegex(regex, list.isEmpty() ? null : list.get(0));
        }
        if (proc instanceof JFunction && args instanceof List<?> list) {
            Guard g = guard();
            for (Object arg : list) {
                g.checkValue(arg);
            }
        }
        return super.applyInner(proc, args, input, environment);
    }
}
